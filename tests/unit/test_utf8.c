/* test_utf8.c — strict validation, maximal-subpart repair, and the decoder. */
#include <stdlib.h>

#include "marsad.h"
#include "test.h"
#include "text/utf8.h"

static const struct {
    const char *bytes;
    size_t len;
    size_t bad_at;     /* (size_t)-1: valid */
    const char *fixed; /* after repair */
    size_t nrep;
} cases[] = {
    {"", 0, (size_t)-1, "", 0},
    {"abc", 3, (size_t)-1, "abc", 0},
    {"\xd9\x85\xd8\xb1\xd8\xb5\xd8\xaf", 8, (size_t)-1, "مرصد", 0},
    {"\xf0\x9f\x93\xb0", 4, (size_t)-1, "\xf0\x9f\x93\xb0", 0}, /* U+1F4F0 */
    {"\xf4\x8f\xbf\xbf", 4, (size_t)-1, "\xf4\x8f\xbf\xbf", 0}, /* U+10FFFF */
    {"a\x80"
     "b",
     3, 1,
     "a\xef\xbf\xbd"
     "b",
     1},                                                               /* lone continuation */
    {"\xc0\x80", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd", 2},                 /* overlong NUL */
    {"\xc1\xbf", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd", 2},                 /* overlong */
    {"\xe0\x80\x80", 3, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3}, /* overlong 3-byte */
    {"\xed\xa0\x80", 3, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 3}, /* surrogate D800 */
    {"\xf4\x90\x80\x80", 4, 0, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", 4}, /* >10FFFF */
    {"\xf5\x80", 2, 0, "\xef\xbf\xbd\xef\xbf\xbd", 2},
    {"\xff", 1, 0, "\xef\xbf\xbd", 1},
    {"x\xe2\x82", 3, 1, "x\xef\xbf\xbd", 1},   /* truncated: one subpart */
    {"\xf0\x9f\x93", 3, 0, "\xef\xbf\xbd", 1}, /* truncated 4-byte */
    {"\xf0\x9f\x93"
     "A",
     4, 0,
     "\xef\xbf\xbd"
     "A",
     1},
    {"\xd8\xb3\xd8", 3, 2, "\xd8\xb3\xef\xbf\xbd", 1}, /* cut Arabic letter */
    {"\xe2\x28\xa1", 3, 0, "\xef\xbf\xbd(\xef\xbf\xbd", 2},
};

static void check_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 12345, need = 0, nrep = 99;
        char out[64];
        int rc = marsad_utf8_check(cases[i].bytes, cases[i].len, &bad);
        if (cases[i].bad_at == (size_t)-1) {
            CHECK_EQ(rc, MARSAD_OK);
        } else {
            CHECK_EQ(rc, MARSAD_EUTF8);
            CHECK_EQ(bad, cases[i].bad_at);
        }
        rc = marsad_utf8_repair(cases[i].bytes, cases[i].len, out, sizeof out, &need, &nrep);
        CHECK_EQ(rc, MARSAD_OK);
        CHECK_EQ(nrep, cases[i].nrep);
        CHECK(need <= 3 * cases[i].len);
        CHECK_EQ(need, strlen(cases[i].fixed));
        CHECK(!memcmp(out, cases[i].fixed, need));
        /* Repaired text is always valid. */
        CHECK_EQ(marsad_utf8_check(out, need, NULL), MARSAD_OK);
    }
}

static void check_erange(void)
{
    char out[2];
    size_t need = 0;
    CHECK_EQ(marsad_utf8_repair("\xff\xff", 2, out, sizeof out, &need, NULL), MARSAD_ERANGE);
    CHECK_EQ(need, 6);
    CHECK_EQ(marsad_utf8_repair("\xff", 1, NULL, 0, &need, NULL), MARSAD_ERANGE);
    CHECK_EQ(marsad_utf8_check(NULL, 1, NULL), MARSAD_EINVAL);
    CHECK_EQ(marsad_utf8_check(NULL, 0, NULL), MARSAD_OK);
    CHECK_EQ(marsad_utf8_check("ok\0ok", 5, NULL), MARSAD_OK); /* NUL is valid UTF-8 */
}

/* Every scalar value encodes and decodes to itself; surrogates are rejected. */
static void check_roundtrip(void)
{
    int bad_rt = 0, bad_sur = 0;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        unsigned char b[4];
        size_t n, i = 0;
        int bad = 0;
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            b[0] = (unsigned char)(0xE0 | (cp >> 12));
            b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            b[2] = (unsigned char)(0x80 | (cp & 0x3F));
            if (marsad_utf8_check((char *)b, 3, NULL) != MARSAD_EUTF8) bad_sur++;
            continue;
        }
        n = msd_utf8_put(b, cp);
        if (msd_utf8_next(b, n, &i, &bad) != cp || i != n || bad) bad_rt++;
    }
    CHECK_EQ(bad_rt, 0);
    CHECK_EQ(bad_sur, 0);
}

/* Long ASCII runs take the eight-byte path; the offset must still be exact. */
static void check_fast_path(void)
{
    char buf[100];
    size_t bad = 0;
    memset(buf, 'a', sizeof buf);
    for (size_t at = 0; at < sizeof buf; at += 7) {
        buf[at] = (char)0xC0;
        CHECK_EQ(marsad_utf8_check(buf, sizeof buf, &bad), MARSAD_EUTF8);
        CHECK_EQ(bad, at);
        buf[at] = 'a';
    }
    CHECK_EQ(marsad_utf8_check(buf, sizeof buf, &bad), MARSAD_OK);
}

void suite_utf8(void);
void suite_utf8(void)
{
    check_cases();
    check_erange();
    check_roundtrip();
    check_fast_path();
}
