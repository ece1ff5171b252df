/* input.c — files, directories and stdin as a stream of documents; see input.h. */
#include "read/input.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "marsad.h"
#include "read/gzstream.h"
#include "read/html.h"
#include "read/warc.h"
#include "read/zstream.h"
#include "util/grow.h"

#define DEFAULT_MAX_DOC (64u << 20)

enum format { F_TEXT, F_JSONL, F_HTML, F_WARC };

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
    enum format fmt;
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
static enum format sniff(const unsigned char *head, size_t n)
{
    size_t i = 0;
    if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    if (n - i >= 7 && !memcmp(head + i, "WARC/1.", 7)) return F_WARC;
    if (i < n && head[i] == '{') return F_JSONL;
    if (looks_html(head + i, n - i)) return F_HTML;
    return F_TEXT;
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
    in->fmt = in->opt.force_jsonl ? F_JSONL : sniff(head, n);
    if (kind == MSD_ZS_GZIP && in->fmt != F_WARC && (rc = open_decoder(in, kind))) return rc;
    if (in->fmt == F_WARC && msd_warc_open(in->f, in->opt.max_document, &in->warc))
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

/* Checks text taken whole: not empty, not binary, valid UTF-8 (or repaired). On success
 * *text may have been replaced by a repaired copy. */
static int check_text(msd_input *in, const char *where, char **text, size_t *len)
{
    size_t bad, i;
    for (i = 0; i < *len; i++)
        if ((*text)[i] != ' ' && (*text)[i] != '\n' && (*text)[i] != '\r' && (*text)[i] != '\t')
            break;
    if (i == *len) return fail(in, MARSAD_EEMPTY, "%s: empty document", where);
    if (memchr(*text, 0, *len))
        return fail(in, MARSAD_EFORMAT, "%s: binary data (NUL bytes)", where);
    if (marsad_utf8_check(*text, *len, &bad) == MARSAD_OK) return MARSAD_OK;
    if (!in->opt.repair_utf8)
        return fail(in, MARSAD_EUTF8, "%s: invalid UTF-8 at byte %zu", where, bad);
    {
        size_t need;
        char *fixed;
        marsad_utf8_repair(*text, *len, NULL, 0, &need, NULL);
        fixed = malloc(need + 1);
        if (!fixed) return MARSAD_ENOMEM;
        marsad_utf8_repair(*text, *len, fixed, need, &need, NULL);
        fixed[need] = 0;
        free(*text);
        *text = fixed;
        *len = need;
    }
    return MARSAD_OK;
}

/* Drops '\r' before '\n' (CRLF files) in place. */
static void unix_lines(char *s, size_t *len)
{
    size_t o = 0;
    for (size_t i = 0; i < *len; i++)
        if (!(s[i] == '\r' && i + 1 < *len && s[i + 1] == '\n')) s[o++] = s[i];
    s[o] = 0;
    *len = o;
}

static size_t first_nonempty_line(const char *s, size_t len)
{
    size_t line = 1, i = 0;
    while (i < len) {
        size_t j = i;
        int blank = 1;
        while (j < len && s[j] != '\n') {
            if (s[j] != ' ' && s[j] != '\t' && s[j] != '\r') blank = 0;
            j++;
        }
        if (!blank) return line;
        line++;
        i = j + 1;
    }
    return 0;
}

/* Whether a non-empty line follows line `line` (1-based). */
static int more_lines_after(const char *s, size_t len, size_t line)
{
    size_t i = 0, no = 1;
    while (i < len && no <= line) {
        if (s[i] == '\n') no++;
        i++;
    }
    for (; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 1;
    return 0;
}

/* Whether line `line` (1-based) reads as a headline: short (a headline is a line, not
 * a paragraph: 160 code points at most) and not ended like a sentence. A JSONL record
 * without a title field may carry its headline as the first line of its text, or start
 * with its lead paragraph (SaudiNewsNet's text fields do); only the first is a title. */
static int headline_like(const char *s, size_t len, size_t line)
{
    size_t i = 0, no = 1, cps = 0, end;
    while (i < len && no < line) {
        if (s[i] == '\n') no++;
        i++;
    }
    for (end = i; end < len && s[end] != '\n'; end++) cps += ((unsigned char)s[end] & 0xC0) != 0x80;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\r' || s[end - 1] == '\t')) end--;
    if (cps > 160 || end == i) return 0;
    return s[end - 1] != '.' && !(end - i >= 2 && !memcmp(s + end - 2, "\xD8\x8C", 2)); /* ، */
}

static int read_text(msd_input *in, msd_doc *doc)
{
    char *text;
    size_t len;
    int rc = slurp(in, &text, &len);
    if (rc) return rc;
    /* A UTF-8 byte-order mark is not text (and a file of only one is empty). */
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        memmove(text, text + 3, len - 2);
        len -= 3;
    }
    rc = check_text(in, in->path, &text, &len);
    if (rc) {
        free(text);
        return rc;
    }
    unix_lines(text, &len);
    doc->text = text;
    doc->text_len = len;
    doc->title_line = first_nonempty_line(text, len);
    doc->format = "text";
    return msd_doc_set(&doc->origin, in->path);
}

/* Fills doc from an HTML page (a file, a JSONL "html" field or a WARC payload). */
static int from_html(msd_input *in, const char *where, const char *html, size_t n,
                     const char *charset, msd_doc *doc)
{
    msd_html_doc h = {0};
    int rc = msd_html_extract(html, n, charset, &h);
    if (rc == MARSAD_EFORMAT) return fail(in, rc, "%s: no text in the HTML page", where);
    if (rc == MARSAD_ETOOBIG) return fail(in, rc, "%s: HTML page too large", where);
    if (rc) return rc;
    if (!h.text_len) {
        msd_html_doc_free(&h);
        return fail(in, MARSAD_EEMPTY, "%s: no article text in the HTML page", where);
    }
    /* Metadata the caller already has (JSONL, WARC) wins over the page's own. */
    if (!doc->title) doc->title = h.title, h.title = NULL;
    if (!doc->source) doc->source = h.site_name, h.site_name = NULL;
    if (!doc->date) doc->date = h.published, h.published = NULL;
    if (!doc->author) doc->author = h.author, h.author = NULL;
    if (!doc->url) doc->url = h.canonical, h.canonical = NULL;
    doc->lang = h.lang, h.lang = NULL;
    doc->text = h.text, h.text = NULL;
    doc->text_len = h.text_len;
    doc->line_blocks = 1;
    doc->removed = h.removed;
    doc->n_removed = h.n_removed;
    h.removed = NULL;
    h.n_removed = 0;
    msd_html_doc_free(&h);
    if (!doc->title) doc->title_line = first_nonempty_line(doc->text, doc->text_len);
    return MARSAD_OK;
}

static int read_html(msd_input *in, msd_doc *doc)
{
    char *html;
    size_t len;
    int rc = slurp(in, &html, &len);
    if (rc) return rc;
    rc = from_html(in, in->path, html, len, NULL, doc);
    free(html);
    if (rc) return rc;
    doc->format = "html";
    return msd_doc_set(&doc->origin, in->path);
}

static const char *utf8_or_null(const char *s)
{
    return s && marsad_utf8_check(s, strlen(s), NULL) == MARSAD_OK ? s : NULL;
}

static int read_warc(msd_input *in, msd_doc *doc)
{
    for (;;) {
        msd_warc_record r;
        char where[4200];
        int rc = msd_warc_next(in->warc, &r);
        if (rc == MARSAD_END || rc == MARSAD_ENOMEM) return rc;
        if (rc == MARSAD_EIO) return stream_error(in);
        if (rc) {
            uint64_t off = 0;
            const char *why = msd_warc_error(in->warc, &off);
            return fail(in, rc, "%s@%llu: %s", in->path, (unsigned long long)off, why);
        }
        if (!r.type || strcmp(r.type, "response") || !r.content_type ||
            (strcmp(r.content_type, "text/html") &&
             strcmp(r.content_type, "application/xhtml+xml"))) {
            in->skipped++;
            continue;
        }
        snprintf(where, sizeof where, "%s@%llu", in->path, (unsigned long long)r.offset);
        if ((rc = msd_doc_set(&doc->url, r.target_uri)) ||
            (rc = msd_doc_set(&doc->id, r.record_id)))
            return rc;
        rc = from_html(in, where, r.body, r.body_len, r.charset, doc);
        if (rc) return rc;
        if (!doc->date && (rc = msd_doc_set(&doc->date, utf8_or_null(r.date)))) return rc;
        doc->format = "warc";
        return msd_doc_set(&doc->origin, where);
    }
}

static const char *const known_fields[] = {"id",    "url",  "source", "date",
                                           "title", "text", "html",   "author"};

static int is_known(const char *key)
{
    for (size_t i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++)
        if (!strcmp(key, known_fields[i])) return 1;
    return 0;
}

/* A JSON value as a string field: strings as they are, numbers printed, else NULL. */
static int json_field(json_t *o, const char *key, char **out)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) {
        *out = msd_strndup(json_string_value(v), json_string_length(v));
        return *out ? MARSAD_OK : MARSAD_ENOMEM;
    }
    if (json_is_integer(v)) {
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return msd_doc_set(out, buf);
    }
    return MARSAD_OK;
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

/* Decodes the character references of a JSONL string field in place (html.h: feeds copy
 * titles from their pages with &quot; and &#8220; left in). */
static int unescape_field(char **field, size_t *len)
{
    char *dec;
    size_t dl;
    int rc;
    if (!*field) return MARSAD_OK;
    rc = msd_html_unescape(*field, len ? *len : strlen(*field), &dec, &dl);
    if (rc || !dec) return rc;
    free(*field);
    *field = dec;
    if (len) *len = dl;
    return MARSAD_OK;
}

/* The JSONL author, references decoded, without the spaces around it (SaudiNewsNet's
 * bylines open with &nbsp;); NULL when nothing is left (4,736 of its 31,030 are ""). */
static int author_field(json_t *o, char **author)
{
    static const char nbsp[] = "\xC2\xA0";
    char *a = NULL;
    size_t n, b = 0;
    int rc = json_field(o, "author", &a);
    if (rc || !a || (rc = unescape_field(&a, NULL))) {
        free(a);
        return rc;
    }
    n = strlen(a);
    for (;;) {
        if (b < n && (a[b] == ' ' || a[b] == '\t' || a[b] == '\n' || a[b] == '\r'))
            b++;
        else if (n - b >= 2 && !memcmp(a + b, nbsp, 2))
            b += 2;
        else if (n > b &&
                 (a[n - 1] == ' ' || a[n - 1] == '\t' || a[n - 1] == '\n' || a[n - 1] == '\r'))
            n--;
        else if (n - b >= 2 && !memcmp(a + n - 2, nbsp, 2))
            n -= 2;
        else
            break;
    }
    if (n > b) *author = msd_strndup(a + b, n - b);
    free(a);
    return n > b && !*author ? MARSAD_ENOMEM : MARSAD_OK;
}

static int read_jsonl(msd_input *in, msd_doc *doc)
{
    for (;;) {
        char where[4200];
        json_error_t jerr;
        json_t *o, *extra;
        const char *key;
        json_t *val;
        size_t len = 0, i = 0, bad = 0;
        int too_long, rc = next_line(in, &len, &too_long);
        if (rc == MARSAD_EIO) return stream_error(in);
        if (rc) return rc;
        in->line_no++;
        if (too_long) {
            snprintf(where, sizeof where, "%s:%zu", in->path, in->line_no);
            return fail(in, MARSAD_ETOOBIG, "%s: line larger than %zu bytes", where,
                        in->opt.max_document);
        }
        if (in->line_no == 1 && len >= 3 && !memcmp(in->line, "\xEF\xBB\xBF", 3)) {
            memmove(in->line, in->line + 3, len - 3); /* a byte-order mark is not JSON */
            len -= 3;
        }
        while (i < len && (in->line[i] == ' ' || in->line[i] == '\t' || in->line[i] == '\r' ||
                           in->line[i] == '\n'))
            i++;
        if (i == len) continue; /* blank line */
        snprintf(where, sizeof where, "%s:%zu", in->path, in->line_no);
        if (!in->opt.repair_utf8 && marsad_utf8_check(in->line, len, &bad) != MARSAD_OK)
            return fail(in, MARSAD_EUTF8, "%s: invalid UTF-8 at byte %zu of the line", where, bad);
        if (in->opt.repair_utf8 && marsad_utf8_check(in->line, len, NULL) != MARSAD_OK) {
            char *text = msd_strndup(in->line, len);
            if (!text) return MARSAD_ENOMEM;
            rc = check_text(in, where, &text, &len);
            if (!rc) o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
            free(text);
            if (rc) return rc;
        } else {
            o = json_loadb(in->line, len, JSON_REJECT_DUPLICATES, &jerr);
        }
        if (!o) return fail(in, MARSAD_EFORMAT, "%s: invalid JSON: %s", where, jerr.text);
        if (!json_is_object(o)) {
            json_decref(o);
            return fail(in, MARSAD_EFORMAT, "%s: not a JSON object", where);
        }
        if ((rc = json_field(o, "id", &doc->id)) || (rc = json_field(o, "url", &doc->url)) ||
            (rc = json_field(o, "source", &doc->source)) ||
            (rc = json_field(o, "date", &doc->date)) ||
            (rc = json_field(o, "title", &doc->title)) ||
            (rc = unescape_field(&doc->title, NULL)) || (rc = author_field(o, &doc->author)))
            goto done;
        extra = json_object();
        json_object_foreach(o, key, val) if (!is_known(key)) json_object_set(extra, key, val);
        if (json_object_size(extra)) doc->extra_json = json_dumps(extra, JSON_COMPACT);
        json_decref(extra);
        if (json_is_string(json_object_get(o, "text"))) {
            json_t *t = json_object_get(o, "text");
            char *text = msd_strndup(json_string_value(t), json_string_length(t));
            size_t tlen = json_string_length(t);
            if (!text) {
                rc = MARSAD_ENOMEM;
                goto done;
            }
            rc = check_text(in, where, &text, &tlen);
            if (!rc) rc = unescape_field(&text, &tlen);
            if (rc) {
                free(text);
                goto done;
            }
            unix_lines(text, &tlen);
            doc->text = text;
            doc->text_len = tlen;
            /* no title field: the first line is the headline only when more follow and
             * it reads as one */
            if (!doc->title) {
                size_t first = first_nonempty_line(text, tlen);
                doc->title_line =
                    first && more_lines_after(text, tlen, first) && headline_like(text, tlen, first)
                        ? first
                        : 0;
            }
        } else if (json_is_string(json_object_get(o, "html"))) {
            json_t *h = json_object_get(o, "html");
            /* a JSON string is Unicode: a <meta charset> the page kept from before it was
             * decoded no longer says how its bytes are encoded */
            rc = from_html(in, where, json_string_value(h), json_string_length(h), "utf-8", doc);
            if (rc) goto done;
        } else {
            rc = fail(in, MARSAD_EFORMAT, "%s: no \"text\" or \"html\" field", where);
            goto done;
        }
        doc->format = "jsonl";
        rc = msd_doc_set(&doc->origin, where);
    done:
        json_decref(o);
        return rc;
    }
}

int msd_input_next(msd_input *in, msd_doc *doc)
{
    msd_doc_clear(doc);
    for (;;) {
        int rc;
        if (!in->f) {
            rc = open_next_file(in); /* a file that cannot be opened is one document's error */
            if (rc) return rc;
        }
        switch (in->fmt) {
        case F_TEXT:
            rc = read_text(in, doc);
            close_file(in);
            break;
        case F_HTML:
            rc = read_html(in, doc);
            close_file(in);
            break;
        case F_JSONL: rc = read_jsonl(in, doc); break;
        case F_WARC: rc = read_warc(in, doc); break;
        default: rc = MARSAD_EFORMAT;
        }
        if (rc == MARSAD_END) {
            close_file(in);
            continue;
        }
        /* a read error leaves the stream unusable: the next call goes to the next file */
        if (rc == MARSAD_EIO) close_file(in);
        if (rc != MARSAD_OK) msd_doc_clear(doc);
        return rc;
    }
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
