/* enrich.h — the per-scratch state of enrich.c, private to the library. */
#ifndef MH_ENRICH_H
#define MH_ENRICH_H

typedef struct mh_enrich_state mh_enrich_state;

/* Free a scratch's enrich state (NULL is a no-op). */
void mh_enrich_state_free(mh_enrich_state *state);

#endif
