/*
 * marsad_fts5.c — marsad's Arabic analyzer as an SQLite FTS5 tokenizer, in a loadable
 * extension (build/marsad_fts5.so, libmarsad linked in statically).
 *
 *   sqlite3> .load ./build/marsad_fts5
 *   sqlite3> CREATE VIRTUAL TABLE t USING fts5(body, tokenize='marsad');
 *
 * Entry point: sqlite3_marsadfts_init, the name SQLite derives from "marsad_fts5.so"
 * (the ASCII letters of the file name up to the first '.', without a leading "lib").
 * It registers the tokenizer "marsad" with the connection's FTS5 and fails with a
 * message when this SQLite has no FTS5.
 *
 * Arguments, in pairs (tokenize='marsad stemmer snowball stopwords drop'):
 *   stemmer light|snowball|none   default light (light10)
 *   rules SPEC                    marsad_norm_rules_parse syntax, default index; a spec
 *                                 with ',' or '-' must be quoted: rules 'index,-yeh'
 *   stopwords keep|drop           default keep; drop leaves stopwords out of the index
 *                                 and out of queries (FTS5 has no position gaps, so a
 *                                 phrase then skips the stopword on both sides)
 * Any other argument makes xCreate fail with SQLITE_ERROR.
 *
 * Tokens, per FTS5 reason:
 *   DOCUMENT, AUX   the stem; then the normalized form, FTS5_TOKEN_COLOCATED, when it
 *                   differs (for prefix queries, which look up normalized forms)
 *   QUERY           the stem only
 *   QUERY|PREFIX    the stem, but the last token (the one FTS5 treats as a prefix) is
 *                   the normalized form, so 'وال*' finds surface prefixes (والتحالف)
 * Offsets given to xToken are the token's bytes in the text FTS5 passed in, so
 * highlight() and snippet() mark the surface word.
 *
 * Each tokenizer instance (one per FTS5 table and connection) owns one marsad_analyzer,
 * used by the one thread that holds the connection.
 */
#include <stdint.h>
#include <string.h>

#include <sqlite3ext.h>
#ifdef __GNUC__
/* SQLite loads extensions RTLD_GLOBAL: keep our copy of the API pointer to ourselves */
extern const sqlite3_api_routines *sqlite3_api __attribute__((visibility("hidden")));
#endif
SQLITE_EXTENSION_INIT1

#include "marsad.h"

int sqlite3_marsadfts_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

struct msd_fts5_tok {
    marsad_analyzer *analyzer;
};

/* One xTokenize call: where the tokens go, how to emit them, and the first xToken
 * error (which stops the analysis and is returned to FTS5 as it is). */
struct emit {
    void *pCtx;
    int (*xToken)(void *, int, const char *, int, int, int);
    int bDocument;  /* DOCUMENT or AUX: stem and colocated normalized form */
    size_t iPrefix; /* token index that is emitted normalized (a prefix), or SIZE_MAX */
    size_t nSeen;   /* tokens seen so far */
    int rc;
};

static int map_rc(int rc)
{
    switch (rc) {
    case MARSAD_OK: return SQLITE_OK;
    case MARSAD_ENOMEM:
    case MARSAD_ESTEMMER: return SQLITE_NOMEM; /* libstemmer fails only on memory */
    default: return SQLITE_ERROR;
    }
}

/* Parses the tokenize= arguments into cfg. Returns SQLITE_OK or SQLITE_ERROR. */
static int parse_args(const char **azArg, int nArg, marsad_analyzer_config *cfg)
{
    if (nArg % 2) return SQLITE_ERROR;
    for (int i = 0; i < nArg; i += 2) {
        const char *zKey = azArg[i], *zVal = azArg[i + 1];
        if (strcmp(zKey, "stemmer") == 0) {
            cfg->stemmer = marsad_stemmer_from_name(zVal);
            if (cfg->stemmer < 0) return SQLITE_ERROR;
        } else if (strcmp(zKey, "rules") == 0) {
            if (marsad_norm_rules_parse(zVal, &cfg->norm_rules) != MARSAD_OK) return SQLITE_ERROR;
        } else if (strcmp(zKey, "stopwords") == 0) {
            if (strcmp(zVal, "keep") == 0)
                cfg->drop_stopwords = 0;
            else if (strcmp(zVal, "drop") == 0)
                cfg->drop_stopwords = 1;
            else
                return SQLITE_ERROR;
        } else {
            return SQLITE_ERROR;
        }
    }
    return SQLITE_OK;
}

static int tok_create(void *pUnused, const char **azArg, int nArg, Fts5Tokenizer **ppOut)
{
    marsad_analyzer_config cfg;
    struct msd_fts5_tok *p;
    int rc;
    (void)pUnused;
    *ppOut = NULL;
    marsad_analyzer_config_init(&cfg);
    rc = parse_args(azArg, nArg, &cfg);
    if (rc) return rc;
    p = sqlite3_malloc(sizeof *p);
    if (!p) return SQLITE_NOMEM;
    rc = marsad_analyzer_new(&cfg, &p->analyzer);
    if (rc) {
        sqlite3_free(p);
        return map_rc(rc);
    }
    *ppOut = (Fts5Tokenizer *)p;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *pTok)
{
    struct msd_fts5_tok *p = (struct msd_fts5_tok *)pTok;
    if (!p) return;
    marsad_analyzer_free(p->analyzer);
    sqlite3_free(p);
}

static int count_token(void *ctx, const marsad_token *t)
{
    (void)t;
    ((struct emit *)ctx)->nSeen++;
    return 0;
}

static int emit_token(void *ctx, const marsad_token *t)
{
    struct emit *e = ctx;
    int iStart = (int)t->byte_start, iEnd = (int)t->byte_end;
    if (e->nSeen++ == e->iPrefix)
        e->rc = e->xToken(e->pCtx, 0, t->norm, (int)t->norm_len, iStart, iEnd);
    else
        e->rc = e->xToken(e->pCtx, 0, t->stem, (int)t->stem_len, iStart, iEnd);
    if (e->rc == SQLITE_OK && e->bDocument &&
        (t->norm_len != t->stem_len || memcmp(t->norm, t->stem, t->norm_len) != 0))
        e->rc = e->xToken(e->pCtx, FTS5_TOKEN_COLOCATED, t->norm, (int)t->norm_len, iStart, iEnd);
    return e->rc != SQLITE_OK;
}

static int tok_tokenize(Fts5Tokenizer *pTok, void *pCtx, int flags, const char *pText, int nText,
                        int (*xToken)(void *, int, const char *, int, int, int))
{
    struct msd_fts5_tok *p = (struct msd_fts5_tok *)pTok;
    struct emit e = {pCtx, xToken, 0, SIZE_MAX, 0, SQLITE_OK};
    size_t n = nText > 0 ? (size_t)nText : 0;
    int rc;
    e.bDocument = (flags & (FTS5_TOKENIZE_DOCUMENT | FTS5_TOKENIZE_AUX)) != 0;
    if ((flags & FTS5_TOKENIZE_QUERY) && (flags & FTS5_TOKENIZE_PREFIX)) {
        /* FTS5 makes only the last token a prefix: count first (query strings are
         * short), so the others stay stemmed */
        rc = marsad_analyze(p->analyzer, pText, n, count_token, &e);
        if (rc) return map_rc(rc);
        if (e.nSeen) e.iPrefix = e.nSeen - 1;
        e.nSeen = 0;
    }
    rc = marsad_analyze(p->analyzer, pText, n, emit_token, &e);
    if (rc == MARSAD_ESTOP) return e.rc;
    return map_rc(rc);
}

/* The documented way to reach FTS5's API from an extension (fts5.html §7.1). */
static fts5_api *fts5_api_from_db(sqlite3 *db)
{
    fts5_api *pApi = NULL;
    sqlite3_stmt *pStmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &pStmt, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(pStmt, 1, (void *)&pApi, "fts5_api_ptr", NULL);
        sqlite3_step(pStmt);
    }
    sqlite3_finalize(pStmt);
    return pApi;
}

int sqlite3_marsadfts_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi)
{
    fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize}; /* FTS5 copies it */
    fts5_api *pFts5;
    SQLITE_EXTENSION_INIT2(pApi);
    pFts5 = fts5_api_from_db(db);
    if (!pFts5 || pFts5->iVersion < 2) {
        if (pzErrMsg) *pzErrMsg = sqlite3_mprintf("marsad_fts5: this SQLite has no FTS5");
        return SQLITE_ERROR;
    }
    return pFts5->xCreateTokenizer(pFts5, "marsad", NULL, &tokenizer, NULL);
}
