/*
 * schema.c — the catalog's schema, version by version. A new version appends a
 * migration; msd_store_open() applies the missing ones in one transaction and records
 * the version in PRAGMA user_version (0 = a new file) and in meta.schema.
 */
#include "store/schema.h"

#include <stddef.h>

static const char v1[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    /* outlets, as the input names them (or as the cleaner found them) */
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    /* one row per stored article; id is also its document id in the index */
    "CREATE TABLE articles(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  ext_id TEXT NOT NULL UNIQUE,           -- the input's id (API.md \"id\")\n"
    "  source_id INTEGER REFERENCES sources(id),\n"
    "  url TEXT, title TEXT, date TEXT, date_source TEXT, language TEXT,\n"
    "  body TEXT NOT NULL,                     -- the cleaned body\n"
    "  body_hash INTEGER NOT NULL,             -- of the normalized body: exact duplicates\n"
    "  grp INTEGER NOT NULL,                   -- first article of its duplicate group\n"
    "  dup_kind TEXT,                          -- NULL, 'exact' or 'near'\n"
    "  dup_jaccard REAL,                       -- MinHash estimate that linked it\n"
    "  origin TEXT, format TEXT,               -- where it was read: file, file:line, file@offset\n"
    "  ingested TEXT NOT NULL                  -- UTC time of the ingest\n"
    ");\n"
    "CREATE INDEX articles_hash ON articles(body_hash);\n"
    "CREATE INDEX articles_grp ON articles(grp);\n"
    "CREATE INDEX articles_date ON articles(date);\n"
    /* what the cleaner dropped, with its reason (API.md removed[]) */
    "CREATE TABLE removed(article_id INTEGER NOT NULL, line INTEGER, text TEXT NOT NULL,\n"
    "  reason TEXT NOT NULL);\n"
    "CREATE INDEX removed_article ON removed(article_id);\n"
    /* facts; start/end are code points of articles.body */
    "CREATE TABLE entities(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,\n"
    "  type TEXT, subtype TEXT, text TEXT, canonical TEXT);\n"
    "CREATE INDEX entities_article ON entities(article_id);\n"
    "CREATE INDEX entities_canonical ON entities(canonical);\n"
    "CREATE TABLE quotes(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,\n"
    "  speaker TEXT, speaker_text TEXT, cue TEXT, direct INTEGER, text TEXT);\n"
    "CREATE INDEX quotes_article ON quotes(article_id);\n"
    "CREATE INDEX quotes_speaker ON quotes(speaker);\n"
    "CREATE TABLE numbers(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,\n"
    "  value REAL, qualifier TEXT, unit TEXT, counted TEXT, text TEXT);\n"
    "CREATE INDEX numbers_article ON numbers(article_id);\n"
    "CREATE TABLE dates(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,\n"
    "  value TEXT, grain TEXT, calendar TEXT, relative INTEGER, text TEXT);\n"
    "CREATE INDEX dates_article ON dates(article_id);\n"
    /* near duplicates: MinHash slots (little-endian u32) and the LSH buckets */
    "CREATE TABLE signatures(article_id INTEGER PRIMARY KEY, minhash BLOB NOT NULL);\n"
    "CREATE TABLE lsh(band INTEGER NOT NULL, key INTEGER NOT NULL, article_id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(band, key, article_id)) WITHOUT ROWID;\n"
    /* the index manifest: the segment files that are live, in the index directory */
    "CREATE TABLE segments(id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE,\n"
    "  ndocs INTEGER NOT NULL, bytes INTEGER NOT NULL, level INTEGER NOT NULL DEFAULT 0,\n"
    "  created TEXT NOT NULL);\n";

/* deletions: a bitmap of the deleted local documents of each segment (NULL: none) */
static const char v2[] = "ALTER TABLE segments ADD COLUMN deleted BLOB;\n";

static const char *const migrations[] = {v1, v2};

size_t msd_schema_versions(void)
{
    return sizeof migrations / sizeof migrations[0];
}

const char *msd_schema_migration(size_t version)
{
    return version >= 1 && version <= msd_schema_versions() ? migrations[version - 1] : NULL;
}
