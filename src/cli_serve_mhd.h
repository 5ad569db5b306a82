/* cli_serve_mhd.h — libmicrohttpd, loaded when `masthead serve` starts.
 *
 * Linked into the binary, libmicrohttpd and the TLS stack it depends on
 * (GnuTLS, p11-kit, libtasn1, ...) were loaded and initialised by every
 * command: 2.2 MB of resident size and their constructors' work for
 * `enrich` and `annotate`, which never serve. Only `serve` loads it, by its
 * soname (MH_MHD_SONAME, read from the library at build time); the calls
 * go through serve_mhd, whose members have the header's own types. */
#ifndef MH_CLI_SERVE_MHD_H
#define MH_CLI_SERVE_MHD_H

#include <stddef.h>

#include <microhttpd.h>

typedef struct serve_mhd_api {
    __typeof__(MHD_start_daemon) *start_daemon;
    __typeof__(MHD_stop_daemon) *stop_daemon;
    __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
    __typeof__(MHD_add_response_header) *add_response_header;
    __typeof__(MHD_queue_response) *queue_response;
    __typeof__(MHD_destroy_response) *destroy_response;
    __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
} serve_mhd_api;

/* Filled by serve_mhd_load; read-only afterwards. */
extern serve_mhd_api serve_mhd;

/* Load the library and find its functions; 0, or -1 with err set. */
int serve_mhd_load(char *err, size_t errlen);

#endif
