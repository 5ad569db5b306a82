/* charset.c — sniff and decode documents that are not UTF-8 (charset.h). */
#include "charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"

/* Browsers' labels (WHATWG Encoding) for the encodings news pages use, and
 * the names glibc's iconv knows them by. A label not listed is handed to
 * iconv as written. */
static const struct label {
    const char *label, *name, *iconv;
} labels[] = {
    {"utf-8", NULL, NULL},
    {"utf8", NULL, NULL},
    {"unicode-1-1-utf-8", NULL, NULL},
    /* a page cannot declare itself UTF-16 in ASCII: browsers read UTF-8 */
    {"utf-16", NULL, NULL},
    {"utf-16le", NULL, NULL},
    {"utf-16be", NULL, NULL},
    {"windows-1252", "windows-1252", "CP1252"},
    {"cp1252", "windows-1252", "CP1252"},
    {"x-cp1252", "windows-1252", "CP1252"},
    {"iso-8859-1", "windows-1252", "CP1252"},
    {"iso8859-1", "windows-1252", "CP1252"},
    {"iso_8859-1", "windows-1252", "CP1252"},
    {"latin1", "windows-1252", "CP1252"},
    {"l1", "windows-1252", "CP1252"},
    {"us-ascii", "windows-1252", "CP1252"},
    {"ascii", "windows-1252", "CP1252"},
    {"cp819", "windows-1252", "CP1252"},
    {"iso-8859-9", "windows-1254", "CP1254"},
    {"latin5", "windows-1254", "CP1254"},
    {"iso-8859-11", "windows-874", "CP874"},
    {"tis-620", "windows-874", "CP874"},
    {"windows-874", "windows-874", "CP874"},
    {"gb2312", "gbk", "GBK"},
    {"gbk", "gbk", "GBK"},
    {"x-gbk", "gbk", "GBK"},
    {"chinese", "gbk", "GBK"},
    {"csgb2312", "gbk", "GBK"},
    {"cp936", "gbk", "GBK"},
    {"gb18030", "gb18030", "GB18030"},
    {"big5", "big5", "BIG5-HKSCS"},
    {"big5-hkscs", "big5", "BIG5-HKSCS"},
    {"cn-big5", "big5", "BIG5-HKSCS"},
    {"x-x-big5", "big5", "BIG5-HKSCS"},
    {"shift_jis", "shift_jis", "CP932"},
    {"shift-jis", "shift_jis", "CP932"},
    {"sjis", "shift_jis", "CP932"},
    {"ms_kanji", "shift_jis", "CP932"},
    {"x-sjis", "shift_jis", "CP932"},
    {"windows-31j", "shift_jis", "CP932"},
    {"ms932", "shift_jis", "CP932"},
    {"csshiftjis", "shift_jis", "CP932"},
    {"euc-jp", "euc-jp", "EUC-JP"},
    {"x-euc-jp", "euc-jp", "EUC-JP"},
    {"iso-2022-jp", "iso-2022-jp", "ISO-2022-JP"},
    {"euc-kr", "euc-kr", "CP949"},
    {"ks_c_5601-1987", "euc-kr", "CP949"},
    {"korean", "euc-kr", "CP949"},
    {"windows-949", "euc-kr", "CP949"},
    {"cp949", "euc-kr", "CP949"},
    {"koi8-r", "koi8-r", "KOI8-R"},
    {"koi8", "koi8-r", "KOI8-R"},
    {"koi", "koi8-r", "KOI8-R"},
    {"koi8-u", "koi8-u", "KOI8-U"},
    {"koi8-ru", "koi8-u", "KOI8-U"},
    {"ibm866", "ibm866", "CP866"},
    {"cp866", "ibm866", "CP866"},
    {"macintosh", "macintosh", "MACINTOSH"},
    {"mac", "macintosh", "MACINTOSH"},
    {"x-mac-cyrillic", "x-mac-cyrillic", "MAC-CYRILLIC"},
};

/* Fill cs from a declared label; false for UTF-8 (nothing to decode). */
static int from_label(const char *label, size_t n, mh_charset *cs)
{
    char low[32];
    if (n == 0 || n >= sizeof low)
        return 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)label[i]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (strcmp(labels[i].label, low) != 0)
            continue;
        if (!labels[i].name)
            return 0;
        snprintf(cs->name, sizeof cs->name, "%s", labels[i].name);
        snprintf(cs->iconv, sizeof cs->iconv, "%s", labels[i].iconv);
        return 1;
    }
    /* windows-125x and iso-8859-N beyond the table: iconv knows them */
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)low[i]) && low[i] != '-' && low[i] != '_')
            return 0;
    snprintf(cs->name, sizeof cs->name, "%s", low);
    for (size_t i = 0; i < n; i++)
        cs->iconv[i] = (char)toupper((unsigned char)low[i]);
    cs->iconv[n] = '\0';
    return 1;
}

/* Case-insensitive search for needle in [p, end). */
static const char *find_ci(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (; p + n <= end; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* The label after "charset=" (or "encoding=") at p: quoted or bare. */
static int label_at(const char *p, const char *end, mh_charset *cs)
{
    while (p < end && (*p == ' ' || *p == '=' || *p == '\t'))
        p++;
    if (p < end && (*p == '"' || *p == '\''))
        p++;
    const char *s = p;
    while (p < end &&
           (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == ':' || *p == '.'))
        p++;
    return from_label(s, (size_t)(p - s), cs);
}

/* The HTML5 prescan, simplified: the first charset declaration in a <meta>
 * tag, or an XML declaration's encoding, within the first 1024 bytes. */
static int sniff_declaration(const char *data, size_t len, mh_charset *cs)
{
    const char *end = data + (len < 1024 ? len : 1024);
    if (len > 5 && strncmp(data, "<?xml", 5) == 0) {
        const char *decl_end = memchr(data, '>', (size_t)(end - data));
        const char *enc = decl_end ? find_ci(data, decl_end, "encoding") : NULL;
        if (enc)
            return label_at(enc + 8, decl_end, cs);
    }
    for (const char *p = data; (p = find_ci(p, end, "<meta")) != NULL; p += 5) {
        const char *tag_end = memchr(p, '>', (size_t)(end - p));
        if (!tag_end)
            break;
        const char *cs_attr = find_ci(p, tag_end, "charset");
        if (cs_attr)
            return label_at(cs_attr + 7, tag_end, cs);
    }
    return 0;
}

mh_charset mh_charset_sniff(const char *data, size_t len, int may_be_html)
{
    mh_charset cs;
    memset(&cs, 0, sizeof cs);
    const unsigned char *u = (const unsigned char *)data;
    /* UTF-32 before UTF-16: FF FE 00 00 starts both */
    if (len >= 4 && u[0] == 0xFF && u[1] == 0xFE && u[2] == 0 && u[3] == 0) {
        snprintf(cs.name, sizeof cs.name, "utf-32le");
    } else if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF) {
        snprintf(cs.name, sizeof cs.name, "utf-32be");
    } else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
        snprintf(cs.name, sizeof cs.name, "utf-16le");
    } else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
        snprintf(cs.name, sizeof cs.name, "utf-16be");
    } else {
        /* valid UTF-8 is read as UTF-8 whatever a page says: scraped pages
           are often re-encoded while their old declaration stays */
        if (may_be_html && mh_utf8_find_invalid(data, len) != len &&
            sniff_declaration(data, len, &cs))
            cs.source = MH_CS_META;
        /* ISO-2022 is 7-bit, so valid UTF-8 by accident: its escapes tell */
        else if (may_be_html && memchr(data, 0x1B, len) && sniff_declaration(data, len, &cs) &&
                 strncmp(cs.iconv, "ISO-2022", 8) == 0)
            cs.source = MH_CS_META;
        else
            memset(&cs, 0, sizeof cs);
        return cs;
    }
    cs.source = MH_CS_BOM;
    return cs;
}

/* Marks bytes that decode to nothing (put_cp writes U+FFFD for them). */
#define BAD_BYTES 0xFFFFFFFFu

/* Append one decoded code point mapped to src[start, start+n); NUL, a lone
 * surrogate and BAD_BYTES become U+FFFD, counted in *replaced. */
static mh_status put_cp(uint32_t cp, size_t start, size_t n, mh_buf *out, mh_offmap *map,
                        size_t *replaced)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD; /* NUL and non-characters of the encoding: as the UTF-8 path does */
        (*replaced) += n;
    }
    char u8[4];
    size_t l;
    if (cp < 0x80) {
        u8[0] = (char)cp;
        l = 1;
    } else if (cp < 0x800) {
        u8[0] = (char)(0xC0 | (cp >> 6));
        u8[1] = (char)(0x80 | (cp & 0x3F));
        l = 2;
    } else if (cp < 0x10000) {
        u8[0] = (char)(0xE0 | (cp >> 12));
        u8[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u8[2] = (char)(0x80 | (cp & 0x3F));
        l = 3;
    } else {
        u8[0] = (char)(0xF0 | (cp >> 18));
        u8[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u8[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u8[3] = (char)(0x80 | (cp & 0x3F));
        l = 4;
    }
    size_t at = out->len;
    mh_status st = mh_buf_add(out, u8, l);
    if (st == MH_OK)
        st = mh_offmap_add(map, at, l, start, n);
    return st;
}

/* UTF-16 and UTF-32 by hand: exact offsets, lone surrogates replaced. */
static mh_status decode_utf16_32(const mh_charset *cs, const unsigned char *u, size_t len,
                                 mh_buf *out, mh_offmap *map, size_t *replaced)
{
    int wide = cs->name[4] == '3', be = cs->name[6] == 'b';
    size_t unit = wide ? 4 : 2, i = unit; /* the BOM is not text */
    mh_status st = MH_OK;
    while (st == MH_OK && i + unit <= len) {
        uint32_t c;
        if (wide)
            c = be ? (uint32_t)u[i] << 24 | (uint32_t)u[i + 1] << 16 | (uint32_t)u[i + 2] << 8 |
                         u[i + 3]
                   : (uint32_t)u[i + 3] << 24 | (uint32_t)u[i + 2] << 16 | (uint32_t)u[i + 1] << 8 |
                         u[i];
        else
            c = be ? (uint32_t)(u[i] << 8 | u[i + 1]) : (uint32_t)(u[i + 1] << 8 | u[i]);
        size_t n = unit;
        if (!wide && c >= 0xD800 && c <= 0xDBFF && i + 4 <= len) {
            uint32_t lo =
                be ? (uint32_t)(u[i + 2] << 8 | u[i + 3]) : (uint32_t)(u[i + 3] << 8 | u[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                n = 4;
            }
        }
        st = put_cp(c, i, n, out, map, replaced);
        i += n;
    }
    if (st == MH_OK && i < len) /* a cut last unit */
        st = put_cp(BAD_BYTES, i, len - i, out, map, replaced);
    return st;
}

mh_status mh_charset_decode(const mh_charset *cs, const char *data, size_t len, mh_buf *out,
                            mh_offmap *map, size_t *replaced)
{
    if (cs->source == MH_CS_BOM)
        return decode_utf16_32(cs, (const unsigned char *)data, len, out, map, replaced);
    iconv_t cd = iconv_open("UTF-8", cs->iconv);
    if (cd == (iconv_t)-1)
        return MH_ERR_INPUT;
    /* Character by character, so that each maps to its own bytes. ASCII
       bytes stand for themselves in every encoding here but the stateful
       ISO-2022 ones. */
    int ascii_fast = strncmp(cs->iconv, "ISO-2022", 8) != 0;
    mh_status st = MH_OK;
    size_t i = 0;
    while (st == MH_OK && i < len) {
        unsigned char b = (unsigned char)data[i];
        if (b == 0) { /* U+FFFD, as the UTF-8 path reads a NUL byte */
            st = put_cp(0, i, 1, out, map, replaced);
            i++;
            continue;
        }
        if (ascii_fast && b < 0x80) {
            size_t j = i;
            while (j < len && (unsigned char)data[j] < 0x80 && data[j] != 0)
                j++;
            size_t at = out->len;
            st = mh_buf_add(out, data + i, j - i);
            if (st == MH_OK)
                st = mh_offmap_add(map, at, j - i, i, j - i);
            i = j;
            continue;
        }
        char u8[16];
        size_t n, done = 0;
        for (n = 1; n <= 4 && i + n <= len && !done; n++) {
            char *in = (char *)(uintptr_t)(data + i), *o = u8;
            size_t inleft = n, outleft = sizeof u8;
            size_t r = iconv(cd, &in, &inleft, &o, &outleft);
            if (r != (size_t)-1) {
                size_t l = sizeof u8 - outleft;
                size_t at = out->len;
                if (l) {
                    st = mh_buf_add(out, u8, l);
                    if (st == MH_OK)
                        st = mh_offmap_add(map, at, l, i, n);
                }
                i += n;
                done = 1;
            } else if (errno == EILSEQ) {
                break;
            }
            /* EINVAL: an incomplete character, try one byte more */
        }
        if (!done) {
            iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial state */
            st = put_cp(BAD_BYTES, i, 1, out, map, replaced);
            i++;
        }
    }
    iconv_close(cd);
    return st;
}
