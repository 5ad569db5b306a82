/* jsonl.h — validate one JSON Lines record and read a few named fields from
 * it in a single pass, without building a tree.
 *
 * Shape
 * -----
 *   mh_jsonl_spec    which fields to read (dotted paths), the annotation key
 *                    to detect, the nesting limit. Built once with
 *                    mh_jsonl_spec_init; read-only afterwards, so any number
 *                    of threads may share one.
 *   mh_jsonl_result  one per thread: the caller's decode buffers (IN, set
 *                    once) and what a scan found (OUT, rewritten every scan).
 *   mh_jsonl_scan    one line in: MH_OK when it is one valid JSON object
 *                    (RFC 8259, UTF-8), MH_ERR_INPUT with a reason and a byte
 *                    offset when not.
 *   mh_jsonl_stream  the same scan of a line fed in chunks, for a line too
 *                    long to hold (see "streaming" below): same verdicts,
 *                    bounded memory.
 *
 * Ownership: the scanner never allocates and never keeps a pointer after it
 * returns. A decoded string (mh_jsonl_value.str) points either into the line
 * itself (a string without escapes, unless the field asks to be copied) or
 * into the field's own caller-owned buffer; either way it is borrowed and
 * lives as long as the line and that buffer are left alone. The line's bytes
 * are never written: the caller copies them through and may splice an
 * annotation in before result.close_brace. A stream scan never points into
 * the chunks it is fed: its strings are always in the fields' buffers.
 *
 * What "valid" means, and where it differs from jansson
 * -----------------------------------------------------
 * Validity is RFC 8259's, checked against json_loadb(JSON_ALLOW_NUL) by the
 * differential test and the fuzz harness, with these deliberate
 * differences (both tests know them; everything else must agree):
 *   - numbers: any RFC 8259 number is valid. jansson rejects integers outside
 *     long long and reals that overflow a double ("too big integer", "real
 *     number overflow"); a record id of 2^64 is valid JSON and must not make
 *     a record an error. Numbers are reported as raw text, never converted.
 *   - "\u0000" inside an object key is valid here; jansson refuses it even
 *     with JSON_ALLOW_NUL. In string values both accept it (the decoded
 *     value then holds a NUL byte and has_nul is set).
 *   - nesting: the limit counts containers (the record itself is depth 1)
 *     and defaults to 512; jansson's fixed limit is 2048 values, scalars
 *     included. Past the limit the line is an error, never a deep recursion:
 *     the scanner keeps one bit per level.
 *   - a NUL byte right after a number or a literal ({"a":1\0}) is an
 *     error here, as it is after a string; jansson 2.14 silently drops such
 *     a byte (it is lost in its one-byte look-ahead) and accepts the line
 *     (JSONTestSuite's n_multidigit_number_then_00; akheron/jansson#331).
 *   - byte order mark: a leading EF BB BF is an error (as in jansson) unless
 *     the spec sets MH_JSONL_SKIP_BOM, which skips it (RFC 8259 §8.1 lets a
 *     parser ignore it; only the first line of a file should carry one).
 * Duplicate keys: the last one wins, as in jansson, for every field and for
 * each intermediate object of a dotted path ({"m":{"u":1},"m":{}} has no
 * m.u). Dotted paths go through objects only (no array indexes), and a path
 * cannot name a key that itself contains a dot.
 * Keys are compared after unescaping: "te\u0078t" is the key "text".
 */
#ifndef MH_JSONL_H
#define MH_JSONL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "masthead.h"

/* Most fields one spec can read (the annotation key not counted). */
#define MH_JSONL_MAX_FIELDS 16
/* Most segments in one dotted path ("meta.source.url" has 3). */
#define MH_JSONL_MAX_SEGMENTS 8
/* Longest dotted path or annotation key, in bytes. */
#define MH_JSONL_MAX_PATH 256
/* Default and highest nesting limit. Each level costs one bit of stack. */
#define MH_JSONL_DEFAULT_DEPTH 512u
#define MH_JSONL_MAX_DEPTH     4096u

/* mh_jsonl_spec.flags */
#define MH_JSONL_SKIP_BOM 0x1u /* skip a leading UTF-8 byte order mark */

/* Why a line is not a valid record. */
typedef enum mh_jsonl_error {
    MH_JSONL_OK = 0,
    MH_JSONL_EMPTY,          /* nothing but whitespace */
    MH_JSONL_BOM,            /* starts with a byte order mark */
    MH_JSONL_NOT_OBJECT,     /* a valid JSON value, but not an object */
    MH_JSONL_BAD_UTF8,       /* invalid UTF-8 (overlong, surrogate, cut...) */
    MH_JSONL_UNTERMINATED,   /* the line ends inside a string */
    MH_JSONL_CONTROL_CHAR,   /* a raw control character inside a string */
    MH_JSONL_BAD_ESCAPE,     /* a backslash followed by an unknown escape */
    MH_JSONL_BAD_UNICODE,    /* \u not followed by four hex digits */
    MH_JSONL_LONE_SURROGATE, /* \uD800-\uDFFF not forming a pair */
    MH_JSONL_BAD_NUMBER,     /* leading zero, "1.", "-", "1e" ... */
    MH_JSONL_BAD_TOKEN,      /* a word that is not true, false or null */
    MH_JSONL_EXPECTED_VALUE, /* something else where a value must start */
    MH_JSONL_EXPECTED_KEY,   /* something else where a key string must be */
    MH_JSONL_EXPECTED_COLON, /* no ':' after a key */
    MH_JSONL_EXPECTED_COMMA, /* no ',' or closing bracket after a member */
    MH_JSONL_TRUNCATED,      /* the line ends before the record does */
    MH_JSONL_TRAILING,       /* characters after the record */
    MH_JSONL_DEPTH           /* nested deeper than the spec's limit */
} mh_jsonl_error;

/* What a field holds. */
typedef enum mh_jsonl_type {
    MH_JSONL_ABSENT = 0, /* the path leads nowhere in this record */
    MH_JSONL_STRING,
    MH_JSONL_NUMBER,
    MH_JSONL_TRUE,
    MH_JSONL_FALSE,
    MH_JSONL_NULL,
    MH_JSONL_OBJECT,
    MH_JSONL_ARRAY
} mh_jsonl_type;

/* One path, split into segments of text[] (private to the scanner). */
typedef struct mh_jsonl_path {
    char text[MH_JSONL_MAX_PATH];
    unsigned short seg_start[MH_JSONL_MAX_SEGMENTS];
    unsigned short seg_len[MH_JSONL_MAX_SEGMENTS];
    unsigned nseg;
} mh_jsonl_path;

/* Fields to read. Fill it with mh_jsonl_spec_init; read-only afterwards. */
typedef struct mh_jsonl_spec {
    mh_jsonl_path path[MH_JSONL_MAX_FIELDS + 1]; /* the last used one is the annotation key */
    size_t nfields;
    bool has_annotation_key;
    unsigned max_depth;
    unsigned flags;
} mh_jsonl_spec;

/* One field's value in one line. */
typedef struct mh_jsonl_value {
    char *buf;   /* IN: caller's buffer for decoded strings (may be NULL) */
    size_t size; /* IN: its size in bytes, NUL included */
    bool copy;   /* IN: always decode into buf and NUL-terminate */

    mh_jsonl_type type; /* OUT: MH_JSONL_ABSENT when the path is not there */
    size_t start, end;  /* OUT: the raw value's bytes in the line, [start, end)
                         * (a string's quotes included) */
    const char *str;    /* OUT, strings: the decoded UTF-8 (see below) */
    size_t len;         /* OUT, strings: bytes at str */
    size_t full_len;    /* OUT, strings: decoded length before any cut */
    bool truncated;     /* OUT, strings: buf was too small; str holds the
                         * longest whole-character prefix that fit */
    bool escaped;       /* OUT, strings: the raw text has backslash escapes */
    bool has_nul;       /* OUT, strings: the decoded text contains "\u0000" */
    bool decoded;       /* private: the scan decoded it already */
} mh_jsonl_value;

/* A string without escapes is not copied (str points into the line, not
 * NUL-terminated) unless `copy` is set; one with escapes is decoded into buf
 * and NUL-terminated. With buf NULL or too small, str gets what fits and
 * truncated is set: the line is still valid. */

/* Everything one scan found. Zero it with mh_jsonl_result_init, then set
 * each field's buf/size/copy. */
typedef struct mh_jsonl_result {
    mh_jsonl_value field[MH_JSONL_MAX_FIELDS]; /* one per spec path, in order */
    mh_jsonl_value annotation;                 /* the annotation key's value, if present (a
                                                * string is decoded like a field's) */
    bool has_annotation_key;                   /* the top-level object holds the key */
    mh_jsonl_type top_type; /* type of the line's value (NOT_OBJECT says which) */
    size_t value_start;     /* offset of the opening '{' */
    size_t close_brace;     /* offset of the record's final '}' */
    bool empty;             /* the object has no members ("{}") */
    unsigned depth;         /* deepest nesting seen (the record is 1) */
    mh_jsonl_error error;   /* MH_JSONL_OK on success */
    size_t error_offset;    /* byte offset in the line the error refers to */
} mh_jsonl_result;

/* Build a spec from npaths dotted paths (copied; each at most
 * MH_JSONL_MAX_PATH - 1 bytes and MH_JSONL_MAX_SEGMENTS segments, none
 * empty), an annotation key to detect at the top level (or NULL), a nesting
 * limit (0: MH_JSONL_DEFAULT_DEPTH; at most MH_JSONL_MAX_DEPTH) and flags.
 * Returns MH_ERR_ARG for a path or count over the limits. */
mh_status mh_jsonl_spec_init(mh_jsonl_spec *spec, const char *const *paths, size_t npaths,
                             const char *annotation_key, unsigned max_depth, unsigned flags);

/* Zero a result (no buffers, everything absent). */
void mh_jsonl_result_init(mh_jsonl_result *result);

/* Scan line[0..len) (no newline needed; a trailing "\r" or "\n" is
 * whitespace). Returns MH_OK when it is one valid JSON object and fills
 * out's OUT members; MH_ERR_INPUT when it is not, with out->error and
 * out->error_offset set (field values are then unspecified); MH_ERR_ARG
 * for NULL arguments. */
mh_status mh_jsonl_scan(const char *line, size_t len, const mh_jsonl_spec *spec,
                        mh_jsonl_result *out);

/* ------------------------------------------------------------ streaming
 *
 * A line too long to hold in memory (a 200 MB record) is scanned as a
 * stream: mh_jsonl_stream_init, then mh_jsonl_stream_feed with the line's
 * bytes in chunks of any size (one byte, or cutting a UTF-8 sequence, an
 * escape, a surrogate pair, a number or a literal anywhere), then
 * mh_jsonl_stream_finish. The verdict is exactly mh_jsonl_scan's on the
 * whole line: the same status, error kind and error offset, the same
 * fields (type, [start, end), decoded text, full_len, truncated, escaped,
 * has_nul), annotation key, value_start, close_brace, empty and depth.
 * Every offset is absolute: a byte offset in the whole line, counted over
 * all the chunks fed.
 *
 * One difference, because the chunks are the caller's and reused: every
 * string field is decoded into its own buffer as if `copy` were set, so
 * str points into value.buf (or is "" when buf is NULL), never into a
 * chunk; a string longer than buf is cut at a character boundary, with
 * truncated set and full_len the whole decoded length (the text of a 200 MB
 * record is cut at its buffer's size while its url comes whole). The
 * buffers are written while the line is fed; a field's OUT members are
 * meaningful only once finish has returned MH_OK.
 *
 * Memory: the stream holds no byte of the line beyond the current token's
 * few bytes of state (a cut UTF-8 sequence, a literal, an escape) and the
 * decoded key being compared with the spec's paths (at most
 * MH_JSONL_MAX_PATH bytes): one bit per nesting level, a fixed ~1 KB in
 * all, whatever the line's length. It never allocates. */

/* Bits of nesting state per word of mh_jsonl_stream.stack. */
#define MH_JSONL_STACK_BITS 64u
/* Nesting levels whose paths a scan tracks (index = depth). */
#define MH_JSONL_TRACKED (MH_JSONL_MAX_SEGMENTS + 2)

/* One resumable scan. Every member is private to jsonl.c. */
typedef struct mh_jsonl_stream {
    const mh_jsonl_spec *spec; /* borrowed for the whole scan */
    mh_jsonl_result *out;      /* borrowed: written while fed */
    size_t off;                /* bytes fed so far (absolute offset) */
    unsigned state;            /* what the next byte may be */
    unsigned sub;              /* progress inside a number or escape */
    unsigned depth;            /* containers open */
    bool in_object;            /* the innermost one is an object */
    bool in_key;               /* the open string is a key */
    bool key_match;            /* ...and it is compared with the paths */
    bool key_cut;              /* ...and it is too long to match any */
    bool str_escaped;          /* the open string has had an escape */
    bool str_nul;              /* ...and has held "\u0000" */
    size_t tok;                /* offset of the token being read: a
                                * string's quote, a number, a literal */
    size_t esc;                /* offset of the escape, or of the cut
                                * UTF-8 sequence, being read */
    unsigned long unit;        /* its code unit(s) so far */
    unsigned char pend[8];     /* a token's first bytes: a UTF-8
                                * sequence cut by a chunk's end (up to
                                * 4), or a literal's letters (up to 5) */
    unsigned npend;
    size_t key_len;            /* decoded bytes of the key (key[]) */
    uint32_t to_set, to_enter; /* paths whose value / route comes next */
    uint32_t str_fields;       /* paths whose value is the open string */
    uint32_t active[MH_JSONL_TRACKED], ends[MH_JSONL_TRACKED];
    uint64_t stack[MH_JSONL_MAX_DEPTH / MH_JSONL_STACK_BITS];
    char key[MH_JSONL_MAX_PATH];
} mh_jsonl_stream;

/* Start a stream scan of one line with spec (borrowed, as is out, until
 * finish returns). out's IN members (buf/size of each field and of the
 * annotation) must be set; its OUT members are reset here. Returns
 * MH_ERR_ARG for NULL arguments. */
mh_status mh_jsonl_stream_init(mh_jsonl_stream *s, const mh_jsonl_spec *spec, mh_jsonl_result *out);

/* Feed the next n bytes of the line (chunk is not kept: the caller may
 * reuse it as soon as this returns). Returns MH_OK while the line may
 * still be valid; MH_ERR_INPUT once it cannot be, with out->error and
 * out->error_offset already final (later feeds are then ignored, so the
 * caller may stop feeding and skip to the line's end); MH_ERR_ARG for NULL
 * arguments or a stream already finished. */
mh_status mh_jsonl_stream_feed(mh_jsonl_stream *s, const char *chunk, size_t n);

/* The line has ended: returns what mh_jsonl_scan returns on the whole line
 * (MH_OK with out filled, or MH_ERR_INPUT with the error and its offset);
 * MH_ERR_ARG for NULL. Calling it again returns the same. A feed after a
 * finish that returned MH_OK is MH_ERR_ARG; after an error it is
 * MH_ERR_INPUT, as any feed after an error. To scan another line, init
 * again (a stream holds nothing to free). */
mh_status mh_jsonl_stream_finish(mh_jsonl_stream *s);

/* Short text of an error kind ("unterminated string"); static storage. */
const char *mh_jsonl_strerror(mh_jsonl_error error);

/* Write the reason of a failed scan as one line of text, e.g.
 * "unterminated string starting at byte 1234", into buf (size bytes,
 * always NUL-terminated when size > 0). Returns the length it needed. */
size_t mh_jsonl_describe(const mh_jsonl_result *result, const mh_jsonl_spec *spec, char *buf,
                         size_t size);

/* Decode the raw JSON string text between the quotes, raw[0..rawlen)
 * (already validated by a scan), into buf (size bytes, NUL-terminated when
 * size > 0), cutting at a character boundary. Returns the full decoded
 * length; *written receives what was stored. */
size_t mh_jsonl_unescape(const char *raw, size_t rawlen, char *buf, size_t size, size_t *written);

#endif
