/* test_zstream.c — the decoding FILE*: detection, gzip members and zstd frames as one
 * stream, rewinding and seeking, truncation and corruption reported after the good bytes.
 *
 * The compressed fixtures are made here with zlib and libzstd from short made-up Arabic
 * news lines. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "marsad.h"
#include "read/zstream.h"
#include "test.h"

/* A skippable frame of k bytes of payload (magic 0x184D2A53). */
static void zstd_skippable(struct test_buf *out, size_t k)
{
    unsigned char h[8] = {0x53, 0x2a, 0x4d, 0x18, (unsigned char)k, (unsigned char)(k >> 8), 0, 0};
    test_put(out, h, sizeof h);
    for (size_t i = 0; i < k; i++) test_put(out, "x", 1);
}

static FILE *tmp_with(const void *p, size_t n)
{
    FILE *f = tmpfile();
    if (!f) abort();
    if (n && fwrite(p, 1, n, f) != n) abort();
    rewind(f);
    return f;
}

/* Reads f to its end or its error into b; returns ferror(f). */
static int drain(FILE *f, struct test_buf *b)
{
    unsigned char chunk[1000]; /* odd size: reads end in the middle of decoder outputs */
    size_t n;
    b->n = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) test_put(b, chunk, n);
    return ferror(f);
}

static const char line1[] = "{\"id\":\"z1\",\"text\":\"افتتح المجلس البلدي حديقة عامة جديدة في حي "
                            "الزهور بمساحة خمسة آلاف متر مربع.\"}\n";
static const char line2[] = "{\"id\":\"z2\",\"text\":\"أعلنت مديرية التربية تأجيل الامتحانات "
                            "النصفية أسبوعا بسبب العاصفة الثلجية.\"}\n";

/* Many lines of varied text, so that the compressed form is not tiny. */
static void corpus(struct test_buf *b, int lines)
{
    char tmp[200];
    for (int i = 0; i < lines; i++) {
        int k = snprintf(tmp, sizeof tmp, "{\"id\":\"c%d\",\"text\":\"خبر رقم %d عن الطقس %d\"}\n",
                         i, i * 7919 % 10007, i * 31);
        test_put(b, tmp, (size_t)k);
    }
}

static void check_detect(void)
{
    CHECK_EQ(msd_zs_detect("\x1f\x8b\x08\x00", 4), MSD_ZS_GZIP);
    CHECK_EQ(msd_zs_detect("\x28\xb5\x2f\xfd", 4), MSD_ZS_ZSTD);
    CHECK_EQ(msd_zs_detect("\x50\x2a\x4d\x18", 4), MSD_ZS_ZSTD);
    CHECK_EQ(msd_zs_detect("\x5f\x2a\x4d\x18", 4), MSD_ZS_ZSTD);
    CHECK_EQ(msd_zs_detect("\x60\x2a\x4d\x18", 4), MSD_ZS_NONE);
    CHECK_EQ(msd_zs_detect("\x28\xb5\x2f", 3), MSD_ZS_NONE);
    CHECK_EQ(msd_zs_detect("\x1f", 1), MSD_ZS_NONE);
    CHECK_EQ(msd_zs_detect("WARC/1.1", 8), MSD_ZS_NONE);
    CHECK_EQ(msd_zs_detect("{\"id\"", 5), MSD_ZS_NONE);
    CHECK_EQ(msd_zs_detect("", 0), MSD_ZS_NONE);
}

/* Opens the compressed bytes c as a decoded stream; *src is the tmpfile to close. */
static msd_zs *open_z(const struct test_buf *c, FILE **src)
{
    msd_zs *z = NULL;
    *src = tmp_with(c->p, c->n);
    CHECK_EQ(msd_zs_open(*src, msd_zs_detect(c->p, c->n), &z), MARSAD_OK);
    return z;
}

static void check_roundtrip(msd_zs_kind kind)
{
    struct test_buf plain = {0}, c = {0}, got = {0};
    FILE *src;
    msd_zs *z;
    corpus(&plain, 3000);
    if (kind == MSD_ZS_GZIP)
        test_gzip(&c, plain.p, plain.n);
    else
        test_zstd(&c, plain.p, plain.n);
    z = open_z(&c, &src);
    if (z) {
        FILE *f = msd_zs_file(z);
        char head[100];
        /* read all, rewind, read all again */
        CHECK_EQ(drain(f, &got), 0);
        CHECK(got.n == plain.n && !memcmp(got.p, plain.p, plain.n));
        CHECK(feof(f));
        CHECK(msd_zs_error(z) == NULL);
        rewind(f);
        CHECK_EQ(drain(f, &got), 0);
        CHECK(got.n == plain.n && !memcmp(got.p, plain.p, plain.n));
        /* read part, fseek back to 0 */
        CHECK_EQ(fseeko(f, 0, SEEK_SET), 0);
        CHECK_EQ(fread(head, 1, sizeof head, f), sizeof head);
        CHECK(!memcmp(head, plain.p, sizeof head));
        /* forward and backward to a position, relative too */
        CHECK_EQ(fseeko(f, 50000, SEEK_SET), 0);
        CHECK_EQ(ftello(f), 50000);
        CHECK_EQ(fread(head, 1, sizeof head, f), sizeof head);
        CHECK(!memcmp(head, plain.p + 50000, sizeof head));
        CHECK_EQ(fseeko(f, 10, SEEK_SET), 0);
        CHECK_EQ(fread(head, 1, sizeof head, f), sizeof head);
        CHECK(!memcmp(head, plain.p + 10, sizeof head));
        CHECK_EQ(fseeko(f, -50, SEEK_CUR), 0);
        CHECK_EQ(fread(head, 1, sizeof head, f), sizeof head);
        CHECK(!memcmp(head, plain.p + 60, sizeof head));
        /* the decoded length is not known */
        CHECK(fseeko(f, 0, SEEK_END) != 0);
        msd_zs_close(z);
    }
    fclose(src);
    free(plain.p);
    free(c.p);
    free(got.p);
}

static void check_gzip_members(void)
{
    struct test_buf c = {0}, got = {0}, want = {0};
    FILE *src;
    msd_zs *z;
    test_gzip(&c, line1, strlen(line1));
    test_gzip(&c, "", 0); /* an empty member is nothing */
    test_gzip(&c, line2, strlen(line2));
    test_put(&want, line1, strlen(line1));
    test_put(&want, line2, strlen(line2));
    z = open_z(&c, &src);
    if (z) {
        CHECK_EQ(drain(msd_zs_file(z), &got), 0);
        CHECK(got.n == want.n && !memcmp(got.p, want.p, want.n));
        rewind(msd_zs_file(z));
        CHECK_EQ(drain(msd_zs_file(z), &got), 0);
        CHECK(got.n == want.n && !memcmp(got.p, want.p, want.n));
        msd_zs_close(z);
    }
    fclose(src);
    /* bytes after the last member that are not gzip: the members' bytes, then the error */
    test_put(&c, "trailing", 8);
    z = open_z(&c, &src);
    if (z) {
        CHECK(drain(msd_zs_file(z), &got) != 0);
        CHECK(got.n == want.n && !memcmp(got.p, want.p, want.n));
        CHECK(msd_zs_error(z) && strstr(msd_zs_error(z), "not gzip"));
        msd_zs_close(z);
    }
    fclose(src);
    free(c.p);
    free(got.p);
    free(want.p);
}

static void check_zstd_frames(void)
{
    struct test_buf c = {0}, got = {0}, want = {0};
    FILE *src;
    msd_zs *z;
    zstd_skippable(&c, 16); /* a file may open with one: still zstd */
    test_zstd(&c, line1, strlen(line1));
    zstd_skippable(&c, 3);
    test_zstd(&c, line2, strlen(line2));
    test_put(&want, line1, strlen(line1));
    test_put(&want, line2, strlen(line2));
    CHECK_EQ(msd_zs_detect(c.p, c.n), MSD_ZS_ZSTD);
    z = open_z(&c, &src);
    if (z) {
        CHECK_EQ(drain(msd_zs_file(z), &got), 0);
        CHECK(got.n == want.n && !memcmp(got.p, want.p, want.n));
        rewind(msd_zs_file(z));
        CHECK_EQ(drain(msd_zs_file(z), &got), 0);
        CHECK(got.n == want.n && !memcmp(got.p, want.p, want.n));
        msd_zs_close(z);
    }
    fclose(src);
    /* garbage after the last frame */
    test_put(&c, "\x01\x02\x03\x04\x05", 5);
    z = open_z(&c, &src);
    if (z) {
        CHECK(drain(msd_zs_file(z), &got) != 0);
        CHECK(got.n == want.n && !memcmp(got.p, want.p, want.n));
        CHECK(msd_zs_error(z) && !strncmp(msd_zs_error(z), "corrupt zstd data", 17));
        msd_zs_close(z);
    }
    fclose(src);
    free(c.p);
    free(got.p);
    free(want.p);
}

/* Cut: whole members/frames before the cut come out, then a sticky error, which a rewind
 * clears until it is met again. */
static void check_truncated(msd_zs_kind kind)
{
    struct test_buf plain = {0}, c = {0}, got = {0};
    FILE *src;
    msd_zs *z;
    size_t first;
    corpus(&plain, 2000);
    first = plain.n / 2;
    if (kind == MSD_ZS_GZIP) {
        test_gzip(&c, plain.p, first);
        test_gzip(&c, plain.p + first, plain.n - first);
    } else {
        test_zstd(&c, plain.p, first);
        test_zstd(&c, plain.p + first, plain.n - first);
    }
    c.n -= 10;
    z = open_z(&c, &src);
    if (z) {
        FILE *f = msd_zs_file(z);
        const char *want =
            kind == MSD_ZS_GZIP ? "truncated gzip stream after " : "truncated zstd stream after ";
        char num[32];
        CHECK(drain(f, &got) != 0);
        CHECK(got.n >= first && got.n <= plain.n && !memcmp(got.p, plain.p, got.n));
        CHECK(msd_zs_error(z) && !strncmp(msd_zs_error(z), want, strlen(want)));
        snprintf(num, sizeof num, " %zu decoded bytes", got.n);
        CHECK(msd_zs_error(z) && strstr(msd_zs_error(z), num));
        CHECK(fgetc(f) == EOF); /* sticky */
        rewind(f);
        CHECK(msd_zs_error(z) == NULL);
        CHECK(fgetc(f) == plain.p[0]);
        CHECK(drain(f, &got) != 0);
        CHECK(msd_zs_error(z) != NULL);
        msd_zs_close(z);
    }
    fclose(src);
    /* only the magic */
    c.n = kind == MSD_ZS_GZIP ? 2 : 4;
    z = open_z(&c, &src);
    if (z) {
        CHECK(drain(msd_zs_file(z), &got) != 0);
        CHECK_EQ(got.n, 0);
        CHECK(msd_zs_error(z) && strstr(msd_zs_error(z), "truncated"));
        msd_zs_close(z);
    }
    fclose(src);
    free(plain.p);
    free(c.p);
    free(got.p);
}

static void check_corrupt(void)
{
    struct test_buf plain = {0}, c = {0}, got = {0};
    FILE *src;
    msd_zs *z;
    corpus(&plain, 500);
    test_gzip(&c, plain.p, plain.n);
    c.p[c.n - 6] ^= 0xff; /* the trailer's length: a CRC or length check fails */
    z = open_z(&c, &src);
    if (z) {
        CHECK(drain(msd_zs_file(z), &got) != 0);
        CHECK(msd_zs_error(z) && !strncmp(msd_zs_error(z), "corrupt gzip data", 17));
        msd_zs_close(z);
    }
    fclose(src);
    c.n = 0;
    test_zstd(&c, plain.p, plain.n);
    for (size_t i = 20; i < c.n - 4; i += 7) c.p[i] ^= 0x5a;
    z = open_z(&c, &src);
    if (z) {
        CHECK(drain(msd_zs_file(z), &got) != 0);
        CHECK(msd_zs_error(z) && strstr(msd_zs_error(z), "zstd"));
        msd_zs_close(z);
    }
    fclose(src);
    free(plain.p);
    free(c.p);
    free(got.p);
}

/* A frame that asks for a window over the 128 MiB limit is refused, not allocated. */
static void check_big_window(void)
{
    struct test_buf c = {0}, got = {0};
    ZSTD_CCtx *cc = ZSTD_createCCtx();
    unsigned char out[4096];
    ZSTD_inBuffer ib = {line1, strlen(line1), 0};
    ZSTD_outBuffer ob = {out, sizeof out, 0};
    FILE *src;
    msd_zs *z;
    if (!cc) abort();
    /* the size unknown when the frame starts, so its header keeps the asked window */
    ZSTD_CCtx_setParameter(cc, ZSTD_c_windowLog, 28);
    if (ZSTD_isError(ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_continue))) abort();
    if (ZSTD_compressStream2(cc, &ob, &ib, ZSTD_e_end) != 0) abort();
    ZSTD_freeCCtx(cc);
    test_put(&c, out, ob.pos);
    z = open_z(&c, &src);
    if (z) {
        CHECK(drain(msd_zs_file(z), &got) != 0);
        CHECK_EQ(got.n, 0);
        CHECK(msd_zs_error(z) && strstr(msd_zs_error(z), "window over 128 MiB"));
        msd_zs_close(z);
    }
    fclose(src);
    free(c.p);
    free(got.p);
}

static void check_misc(void)
{
    msd_zs *z = (msd_zs *)&z;
    FILE *src = tmp_with("abc", 3);
    CHECK_EQ(msd_zs_open(src, MSD_ZS_NONE, &z), MARSAD_EINVAL);
    CHECK(z == NULL);
    CHECK_EQ(msd_zs_open(NULL, MSD_ZS_GZIP, &z), MARSAD_EINVAL);
    msd_zs_close(NULL);
    fclose(src);
}

void suite_zstream(void);
void suite_zstream(void)
{
    check_detect();
    check_roundtrip(MSD_ZS_GZIP);
    check_roundtrip(MSD_ZS_ZSTD);
    check_gzip_members();
    check_zstd_frames();
    check_truncated(MSD_ZS_GZIP);
    check_truncated(MSD_ZS_ZSTD);
    check_corrupt();
    check_big_window();
    check_misc();
}
