/* group.h — an organisation's group of outlets as one cached record: the
 * outlets it owns (up to three levels down, at any time) and the names
 * each goes by. A copyright footer held by a group is attributed to one of
 * its titles (role.c); the group is read from the database once per
 * cache entry, not once per page. */
#ifndef MH_GROUP_H
#define MH_GROUP_H

#include <jansson.h>

#include "engine.h"

/* Outlets owned at most this many levels below the owner. */
#define MH_GROUP_DEPTH 3
/* At most this many outlets per group, and names per outlet. */
#define MH_GROUP_OUTLETS 400
#define MH_GROUP_NAMES   16

/* The group of `owner`: an array of [outlet id, [[name, folded name], ...]]
 * in breadth-first order (the names: brand, name and former_name aliases,
 * in the database's order). An empty array when it owns no outlet; NULL
 * when out of memory. */
json_t *mh_group_json(mh_scratch *sc, long long owner);

#endif
