/* cli_serve_mhd.c — libmicrohttpd loaded at run time (cli_serve_mhd.h). */
#include "cli_serve_mhd.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#ifndef MH_MHD_SONAME
#define MH_MHD_SONAME "libmicrohttpd.so.12"
#endif

serve_mhd_api serve_mhd;

/* dlsym's object pointer into a function pointer's bytes: POSIX guarantees
 * they convert; ISO C has no cast for it. */
static int find(void *lib, const char *name, void *fn, size_t size, char *err, size_t errlen)
{
    void *sym = dlsym(lib, name);
    if (!sym || size != sizeof sym) {
        snprintf(err, errlen, "%s: no %s", MH_MHD_SONAME, name);
        return -1;
    }
    memcpy(fn, &sym, sizeof sym);
    return 0;
}

int serve_mhd_load(char *err, size_t errlen)
{
    if (serve_mhd.start_daemon)
        return 0;
    void *lib = dlopen(MH_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(err, errlen, "cannot load %s (Debian package libmicrohttpd12): %s", MH_MHD_SONAME,
                 why ? why : "unknown error");
        return -1;
    }
    serve_mhd_api api;
#define FIND(member, symbol) find(lib, symbol, &api.member, sizeof api.member, err, errlen)
    if (FIND(start_daemon, "MHD_start_daemon") || FIND(stop_daemon, "MHD_stop_daemon") ||
        FIND(create_response_from_buffer, "MHD_create_response_from_buffer") ||
        FIND(add_response_header, "MHD_add_response_header") ||
        FIND(queue_response, "MHD_queue_response") ||
        FIND(destroy_response, "MHD_destroy_response") ||
        FIND(lookup_connection_value, "MHD_lookup_connection_value")) {
        dlclose(lib);
        return -1;
    }
#undef FIND
    serve_mhd = api; /* the library stays loaded for the process's life */
    return 0;
}
