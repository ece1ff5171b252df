/* input.c — files, directories and stdin as a stream of records, framed in input order
 * on the owner's thread (input_parse.c makes documents of them); see input.h. */
#include "read/input.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "marsad.h"
#include "read/gzstream.h"
#include "read/warc.h"
#include "read/zstream.h"
#include "util/grow.h"

#define DEFAULT_MAX_DOC (64u << 20)

struct msd_input {
    msd_input_options opt;
    char **files;
    size_t n_files, cap_files, next_file;
    const void *mem; /* msd_input_open_memory: the caller's buffer, read in place */
    size_t mem_len;
    int is_mem;
    /* the file being read */
    FILE *raw;  /* as stored (the spool for standard input) */
    msd_zs *zs; /* its decoder when compressed */
    FILE *f;    /* what the readers read: raw, or the decoded stream */
    const char *path;
    msd_input_format fmt;
    size_t line_no; /* JSONL */
    msd_warc *warc; /* WARC */
    char *line;     /* JSONL line buffer */
    size_t line_cap;
    FILE *spool; /* standard input, copied */
    size_t skipped;
    char err[1024];
};

static int fail(msd_input *in, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(msd_input *in, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(in->err, sizeof in->err, fmt, ap);
    va_end(ap);
    return rc;
}

/* ---- The file list ------------------------------------------------------------------ */

static int add_file(msd_input *in, const char *path)
{
    char *copy;
    int rc = msd_grow((void **)&in->files, &in->cap_files, in->n_files + 1, sizeof *in->files,
                      MSD_GROW_BATCH_MAX);
    if (rc) return rc;
    copy = msd_strndup(path, strlen(path));
    if (!copy) return MARSAD_ENOMEM;
    in->files[in->n_files++] = copy;
    return MARSAD_OK;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* A name that says news: one of the extensions, alone or followed by .gz or .zst. The
 * name only chooses what a walk takes; the content still decides how it is read. */
static int news_file(const char *name)
{
    static const char *const exts[] = {".txt",   ".text",   ".html", ".htm",  ".xhtml",
                                       ".jsonl", ".ndjson", ".json", ".warc", ".arc"};
    static const char *const zips[] = {".gz", ".zst"};
    char base[256];
    size_t n = strlen(name);
    if (name[0] == '.' || n >= sizeof base) return 0;
    for (size_t i = 0; i < sizeof zips / sizeof zips[0]; i++)
        if (ends_with(name, zips[i])) {
            n -= strlen(zips[i]);
            break;
        }
    memcpy(base, name, n);
    base[n] = 0;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (ends_with(base, exts[i])) return 1;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(msd_input *in, const char *dir, int depth)
{
    DIR *d;
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = MARSAD_OK;
    if (depth > 32) return fail(in, MARSAD_EIO, "%s: directories nested too deep", dir);
    d = opendir(dir);
    if (!d) return fail(in, MARSAD_EIO, "%s: %s", dir, strerror(errno));
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if ((rc = msd_grow((void **)&names, &cap, n + 1, sizeof *names, MSD_GROW_BATCH_MAX))) break;
        names[n] = msd_strndup(e->d_name, strlen(e->d_name));
        if (!names[n]) {
            rc = MARSAD_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (!rc) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        size_t dl = strlen(dir);
        const char *slash = dl && dir[dl - 1] == '/' ? "" : "/";
        if (!rc &&
            (size_t)snprintf(path, sizeof path, "%s%s%s", dir, slash, names[i]) < sizeof path &&
            stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                rc = walk(in, path, depth + 1);
            else if (S_ISREG(st.st_mode) && news_file(names[i]))
                rc = add_file(in, path);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int msd_input_open(char *const *paths, size_t n, const msd_input_options *opts, msd_input **out)
{
    msd_input *in = calloc(1, sizeof *in);
    int rc = MARSAD_OK;
    if (!in) return MARSAD_ENOMEM;
    if (opts) in->opt = *opts;
    if (!in->opt.max_document) in->opt.max_document = DEFAULT_MAX_DOC;
    for (size_t i = 0; i < n && !rc; i++) {
        struct stat st;
        if (!strcmp(paths[i], "-"))
            rc = add_file(in, "-");
        else if (stat(paths[i], &st) != 0)
            rc = fail(in, MARSAD_EIO, "%s: %s", paths[i], strerror(errno));
        else if (S_ISDIR(st.st_mode))
            rc = walk(in, paths[i], 0);
        else
            rc = add_file(in, paths[i]);
    }
    *out = in;
    return rc;
}

int msd_input_open_memory(const void *data, size_t len, const char *name,
                          const msd_input_options *opts, msd_input **out)
{
    msd_input *in = calloc(1, sizeof *in);
    *out = in;
    if (!in) return MARSAD_ENOMEM;
    if (opts) in->opt = *opts;
    if (!in->opt.max_document) in->opt.max_document = DEFAULT_MAX_DOC;
    in->mem = data && len ? data : "";
    in->mem_len = data ? len : 0;
    in->is_mem = 1;
    return add_file(in, name ? name : "memory");
}

/* ---- Per file ------------------------------------------------------------------------ */

static void close_file(msd_input *in)
{
    msd_warc_close(in->warc);
    in->warc = NULL;
    msd_zs_close(in->zs); /* closes the decoded stream, when f is one */
    in->zs = NULL;
    if (in->raw && in->raw != in->spool) fclose(in->raw);
    in->raw = NULL;
    in->f = NULL;
}

/* Copies standard input once into a temporary file, which later passes re-read. */
static FILE *stdin_spool(msd_input *in)
{
    char buf[1 << 16];
    size_t got;
    if (in->spool) return in->spool;
    in->spool = tmpfile();
    if (!in->spool) return NULL;
    while ((got = fread(buf, 1, sizeof buf, stdin)) > 0)
        if (fwrite(buf, 1, got, in->spool) != got) break;
    if (ferror(stdin) || ferror(in->spool) || fflush(in->spool)) {
        fclose(in->spool); /* a partial copy must not pass for the input */
        in->spool = NULL;
        return NULL;
    }
    return in->spool;
}

static int looks_html(const unsigned char *p, size_t n)
{
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body",   "<meta",
                                       "<title",         "<p>",   "<div",  "<article"};
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '<') continue;
        for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
            size_t k = strlen(tags[t]), j = 0;
            while (j < k && i + j < n && (p[i + j] | 0x20) == (tags[t][j] | 0x20)) j++;
            if (j == k) return 1;
        }
    }
    return 0;
}

/* The format of a (decoded) file from its first bytes. */
static msd_input_format sniff(const unsigned char *head, size_t n)
{
    size_t i = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    if (n - i >= 7 && !memcmp(head + i, "WARC/1.", 7)) return MSD_INPUT_WARC;
    if (i < n && head[i] == '{') return MSD_INPUT_JSONL;
    if (looks_html(head + i, n - i)) return MSD_INPUT_HTML;
    return MSD_INPUT_TEXT;
}

/* Reads up to cap bytes from the start of f into head and goes back to the start, with
 * the error indicator cleared (a decoder starts again, and fails again in its place). */
static int peek(msd_input *in, FILE *f, unsigned char *head, size_t cap, size_t *n)
{
    *n = 0;
    if (!fseeko(f, 0, SEEK_SET)) *n = fread(head, 1, cap, f);
    clearerr(f);
    if (fseeko(f, 0, SEEK_SET)) return fail(in, MARSAD_EIO, "%s: %s", in->path, strerror(errno));
    return MARSAD_OK;
}

/* The first decoded bytes of a gzip file, read as the WARC reader will read them: the
 * bytes of a damaged member dropped and decoding gone on at the next member (gzstream.c),
 * so that a WARC whose first member is broken still goes to the WARC reader. The search
 * stops after 1 MiB of the file, so that a large file of damage is not read twice. */
static int gzip_head(msd_input *in, unsigned char *head, size_t cap, size_t *n)
{
    msd_gzs *g;
    size_t member_start = 0; /* where the current member's bytes begin in head */
    *n = 0;
    if (msd_gzs_open(in->raw, &g)) return MARSAD_ENOMEM;
    while (*n < cap && ftello(in->raw) < (1 << 20)) {
        size_t got = 0;
        int64_t member;
        int rc = msd_gzs_read(g, head + *n, cap - *n, &got, &member);
        if (rc == MARSAD_OK && member >= 0) member_start = *n;
        if (rc == MARSAD_OK)
            *n += got;
        else if (rc == MARSAD_EFORMAT)
            *n = member_start;
        else
            break; /* the end, or a read error, met again when the file is read */
    }
    msd_gzs_close(g);
    clearerr(in->raw);
    if (fseeko(in->raw, 0, SEEK_SET))
        return fail(in, MARSAD_EIO, "%s: %s", in->path, strerror(errno));
    return MARSAD_OK;
}

static int open_decoder(msd_input *in, msd_zs_kind kind)
{
    if (msd_zs_open(in->raw, kind, &in->zs))
        return fail(in, MARSAD_ENOMEM, "%s: cannot start the decoder", in->path);
    in->f = msd_zs_file(in->zs);
    return MARSAD_OK;
}

/* Opens the next file as stored, then a decoder over it when its first bytes are gzip or
 * zstd, and sniffs the format of what it holds. A gzip WARC is read from the file itself
 * (gzstream.c names records by their member's offset and resynchronizes at the next
 * member after damage); every other compressed file through its decoded FILE*. */
static int open_next_file(msd_input *in)
{
    unsigned char head[4096];
    size_t n;
    msd_zs_kind kind;
    int rc;
    close_file(in);
    if (in->next_file >= in->n_files) return MARSAD_END;
    in->path = in->files[in->next_file++];
    in->line_no = 0;
    if (in->is_mem) {
        in->raw = fmemopen((void *)(uintptr_t)in->mem, in->mem_len, "r"); /* never written */
        if (!in->raw) return fail(in, MARSAD_EIO, "%s: %s", in->path, strerror(errno));
    } else if (!strcmp(in->path, "-")) {
        in->raw = stdin_spool(in);
        if (!in->raw) return fail(in, MARSAD_EIO, "-: cannot spool standard input");
    } else {
        in->raw = fopen(in->path, "rb");
        if (!in->raw) return fail(in, MARSAD_EIO, "%s: %s", in->path, strerror(errno));
    }
    in->f = in->raw;
    if ((rc = peek(in, in->raw, head, sizeof head, &n))) return rc;
    kind = msd_zs_detect(head, n);
    if (kind == MSD_ZS_GZIP) rc = gzip_head(in, head, sizeof head, &n);
    /* a decoding error met here is met again, in its place, when the file is read */
    if (kind == MSD_ZS_ZSTD && !(rc = open_decoder(in, kind)))
        rc = peek(in, in->f, head, sizeof head, &n);
    if (rc) return rc;
    in->fmt = in->opt.force_jsonl ? MSD_INPUT_JSONL : sniff(head, n);
    if (kind == MSD_ZS_GZIP && in->fmt != MSD_INPUT_WARC && (rc = open_decoder(in, kind)))
        return rc;
    if (in->fmt == MSD_INPUT_WARC && msd_warc_open(in->f, in->opt.max_document, &in->warc))
        return fail(in, MARSAD_ENOMEM, "%s: cannot start the WARC reader", in->path);
    return MARSAD_OK;
}

/* The error of a stream that failed to read: the decoder's reason for compressed data
 * (MARSAD_EFORMAT), else the system's (MARSAD_EIO). Either way the file is done: the
 * next document comes from the next file. */
static int stream_error(msd_input *in)
{
    const char *why = in->zs ? msd_zs_error(in->zs) : NULL;
    int rc = why ? fail(in, MARSAD_EFORMAT, "%s: %s", in->path, why)
                 : fail(in, MARSAD_EIO, "%s: %s", in->path, strerror(errno));
    close_file(in);
    return rc;
}

/* Reads the rest of the file, up to max_document bytes. */
static int slurp(msd_input *in, char **out, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) return MARSAD_ENOMEM;
    for (;;) {
        size_t got;
        if (n == cap) {
            char *nb;
            if (cap >= in->opt.max_document) {
                int more = fgetc(in->f); /* exactly max_document bytes is allowed */
                if (more == EOF) break;
                free(buf);
                return fail(in, MARSAD_ETOOBIG, "%s: larger than %zu bytes%s", in->path,
                            in->opt.max_document, in->zs ? " decompressed" : "");
            }
            cap *= 2;
            nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                return MARSAD_ENOMEM;
            }
            buf = nb;
        }
        got = fread(buf + n, 1, cap - n, in->f);
        n += got;
        if (!got) break;
    }
    if (ferror(in->f)) {
        free(buf);
        return stream_error(in);
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return MARSAD_OK;
}

/* ---- Framing --------------------------------------------------------------------------- */

/* Fills raw with bytes[0..len) (taken over: malloc'd, NUL-terminated after len) and a
 * copy of where. */
static int frame(msd_input_raw *raw, char *bytes, size_t len, const char *where)
{
    raw->bytes = bytes;
    raw->len = len;
    return msd_doc_set(&raw->where, where);
}

/* A text or HTML file: all of it. */
static int frame_file(msd_input *in, msd_input_raw *raw)
{
    char *bytes = NULL;
    size_t len = 0;
    int rc = slurp(in, &bytes, &len);
    return rc ? rc : frame(raw, bytes, len, in->path);
}

/* The next line, its '\n' included, into in->line (NUL-terminated) and *len, as getline()
 * reads it but never holding more than max_document bytes: a longer line is read to its
 * end, its first max_document bytes kept, and *too_long set, so that a line of gigabytes
 * (a decompression bomb) costs time, not memory. Returns MARSAD_OK, MARSAD_END, MARSAD_EIO
 * (ferror: the bytes of a cut line are dropped) or MARSAD_ENOMEM. */
static int next_line(msd_input *in, size_t *len, int *too_long)
{
    size_t n = 0;
    int c = EOF;
    *too_long = 0;
    /* the line is capped at max_document below; the buffer at that plus its NUL */
    if (msd_grow((void **)&in->line, &in->line_cap, 1, 1, in->opt.max_document + 2))
        return MARSAD_ENOMEM;
    while ((c = getc_unlocked(in->f)) != EOF) {
        if (n < in->opt.max_document) {
            if (n + 2 > in->line_cap &&
                msd_grow((void **)&in->line, &in->line_cap, n + 2, 1, in->opt.max_document + 2))
                return MARSAD_ENOMEM;
            in->line[n++] = (char)c;
        } else {
            *too_long = 1;
        }
        if (c == '\n') break;
    }
    if (ferror(in->f)) return MARSAD_EIO;
    if (c == EOF && n == 0) return MARSAD_END;
    in->line[n] = 0;
    *len = n;
    return MARSAD_OK;
}

/* The next line of a JSONL file that is not blank, copied (in->line is read into again
 * while the record is parsed elsewhere). */
static int frame_line(msd_input *in, msd_input_raw *raw)
{
    for (;;) {
        char where[4200], *line;
        size_t len = 0, i = 0;
        int too_long, rc = next_line(in, &len, &too_long);
        if (rc == MARSAD_EIO) return stream_error(in);
        if (rc) return rc;
        in->line_no++;
        snprintf(where, sizeof where, "%s:%zu", in->path, in->line_no);
        if (too_long)
            return fail(in, MARSAD_ETOOBIG, "%s: line larger than %zu bytes", where,
                        in->opt.max_document);
        if (in->line_no == 1 && len >= 3 && !memcmp(in->line, "\xEF\xBB\xBF", 3)) {
            memmove(in->line, in->line + 3, len - 3); /* a byte-order mark is not JSON */
            len -= 3;
        }
        while (i < len && (in->line[i] == ' ' || in->line[i] == '\t' || in->line[i] == '\r' ||
                           in->line[i] == '\n'))
            i++;
        if (i == len) continue; /* blank line: no document */
        if (!(line = msd_strndup(in->line, len))) return MARSAD_ENOMEM;
        return frame(raw, line, len, where);
    }
}

/* Whether a WARC record is a page: a response of HTML. Others are counted as skipped. */
static int warc_page(const msd_warc_record *r)
{
    return r->type && !strcmp(r->type, "response") && r->content_type &&
           (!strcmp(r->content_type, "text/html") ||
            !strcmp(r->content_type, "application/xhtml+xml"));
}

/* The next page of a WARC file: its payload and the headers parsing needs, copied (the
 * WARC reader's are valid until its next record). */
static int frame_warc(msd_input *in, msd_input_raw *raw)
{
    for (;;) {
        msd_warc_record r;
        char where[4200], *body;
        int rc = msd_warc_next(in->warc, &r);
        if (rc == MARSAD_END || rc == MARSAD_ENOMEM) return rc;
        if (rc == MARSAD_EIO) return stream_error(in);
        if (rc) {
            uint64_t off = 0;
            const char *why = msd_warc_error(in->warc, &off);
            return fail(in, rc, "%s@%llu: %s", in->path, (unsigned long long)off, why);
        }
        if (!warc_page(&r)) {
            in->skipped++;
            continue;
        }
        snprintf(where, sizeof where, "%s@%llu", in->path, (unsigned long long)r.offset);
        if (!(body = msd_strndup(r.body_len ? r.body : "", r.body_len))) return MARSAD_ENOMEM;
        if ((rc = frame(raw, body, r.body_len, where)) ||
            (rc = msd_doc_set(&raw->url, r.target_uri)) ||
            (rc = msd_doc_set(&raw->record_id, r.record_id)) ||
            (rc = msd_doc_set(&raw->date, r.date)))
            return rc;
        return msd_doc_set(&raw->charset, r.charset);
    }
}

int msd_input_next_raw(msd_input *in, msd_input_raw *raw)
{
    msd_input_raw_clear(raw);
    for (;;) {
        int rc;
        if (!in->f) {
            /* a file that cannot be opened or sniffed is one document's error; closed, so
             * the next call goes on with the next file, not this one in the last's format */
            if ((rc = open_next_file(in))) {
                close_file(in);
                return rc;
            }
        }
        switch (in->fmt) {
        case MSD_INPUT_TEXT:
        case MSD_INPUT_HTML:
            rc = frame_file(in, raw);
            close_file(in);
            break;
        case MSD_INPUT_JSONL: rc = frame_line(in, raw); break;
        case MSD_INPUT_WARC: rc = frame_warc(in, raw); break;
        default: rc = MARSAD_EFORMAT;
        }
        if (rc == MARSAD_END) {
            close_file(in);
            continue;
        }
        /* a read error leaves the stream unusable: the next call goes to the next file */
        if (rc == MARSAD_EIO) close_file(in);
        if (rc != MARSAD_OK) {
            msd_input_raw_clear(raw);
            return rc;
        }
        raw->format = in->fmt;
        raw->repair_utf8 = in->opt.repair_utf8;
        return MARSAD_OK;
    }
}

int msd_input_next(msd_input *in, msd_doc *doc)
{
    msd_input_raw raw = {0};
    int rc;
    msd_doc_clear(doc);
    rc = msd_input_next_raw(in, &raw);
    if (rc == MARSAD_OK) rc = msd_input_parse(&raw, doc, in->err, sizeof in->err);
    msd_input_raw_clear(&raw);
    return rc;
}

const char *msd_input_error(const msd_input *in)
{
    return in->err;
}

size_t msd_input_skipped(const msd_input *in)
{
    return in->skipped;
}

int msd_input_rewind(msd_input *in)
{
    close_file(in);
    in->next_file = 0;
    in->skipped = 0;
    return MARSAD_OK;
}

void msd_input_close(msd_input *in)
{
    if (!in) return;
    close_file(in);
    for (size_t i = 0; i < in->n_files; i++) free(in->files[i]);
    free(in->files);
    free(in->line);
    if (in->spool) fclose(in->spool);
    free(in);
}
