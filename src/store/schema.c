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

/*
 * v3: the catalog at about a third of its size (SaudiNewsNet: docs/store.md).
 *  - The body is stored deflated (zlib, the format of the sqlite3 shell's sqlar_compress,
 *    so `sqlar_uncompress(body_z, body_size)` reads it there); the view article_text
 *    shows it as text.
 *  - Facts keep their offsets, not their text, and coded values (an entity's type, a
 *    qualifier, a grain, a reason) as the number of their place in the field table's
 *    list: the views (views.c: entity_mentions, quote_texts …) slice the text from the
 *    body and show the codes as text. A canonical name or a speaker is
 *    stored once, in names. Each fact table is keyed by (article, ordinal) WITHOUT ROWID,
 *    which is also its index by article.
 *  - Quotations keep the speaker's and the cue's offsets (v2 dropped them).
 *  - MinHash slots keep their low 8 bits (dedup.h says why that is enough), and an LSH
 *    row is (low 32 bits of the band key, article): the band is hashed into the key.
 *  - Article ids are AUTOINCREMENT: a deleted article's id is never given again, so an
 *    index document can never come back as another article.
 *  - New columns: author, source_from, date_raw, meta (the JSONL fields marsad does not
 *    know), facts_truncated.
 * Run with the functions sqlar_compress, marsad_sig8 and marsad_enum registered
 * (compress.c, views.c); the views are made after it (views.c). A v2
 * quotation has no speaker or cue offsets to migrate: its speaker is kept, speaker_text
 * is lost (deleting the article and ingesting it again restores it).
 */
static const char v3[] =
    "CREATE TABLE names(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
    "INSERT OR IGNORE INTO names(name) SELECT canonical FROM entities WHERE canonical IS NOT "
    "NULL;\n"
    "INSERT OR IGNORE INTO names(name) SELECT speaker FROM quotes WHERE speaker IS NOT NULL;\n"
    "CREATE TABLE articles3(\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT, -- also its document id in the index\n"
    "  ext_id TEXT NOT NULL UNIQUE,           -- the input's id (api.md \"id\")\n"
    "  source_id INTEGER REFERENCES sources(id),\n"
    "  url TEXT, title TEXT, author TEXT, date TEXT, date_source TEXT, language TEXT,\n"
    "  body_z BLOB NOT NULL,                   -- the cleaned body, zlib (sqlar_compress)\n"
    "  body_size INTEGER NOT NULL,             -- its bytes once inflated\n"
    "  body_hash INTEGER NOT NULL,             -- of the normalized words: exact duplicates\n"
    "  grp INTEGER NOT NULL,                   -- first article of its duplicate group\n"
    "  dup_kind TEXT,                          -- NULL, 'exact' or 'near'\n"
    "  dup_jaccard REAL,                       -- MinHash estimate that linked it\n"
    "  facts_truncated INTEGER,                -- 1: some kind of fact was cut at 10000\n"
    "  origin TEXT, format TEXT,               -- where it was read: file, file:line, file@offset\n"
    "  source_from TEXT, date_raw TEXT, meta TEXT,\n"
    "  ingested TEXT NOT NULL                  -- UTC time of the ingest\n"
    ");\n"
    "INSERT INTO articles3(id, ext_id, source_id, url, title, date, date_source, language,\n"
    "  body_z, body_size, body_hash, grp, dup_kind, dup_jaccard, origin, format, ingested)\n"
    "  SELECT id, ext_id, source_id, url, title, date, date_source, language,\n"
    "  sqlar_compress(CAST(body AS BLOB)), length(CAST(body AS BLOB)), body_hash, grp,\n"
    "  dup_kind, dup_jaccard, origin, format, ingested FROM articles;\n"
    "CREATE TABLE removed3(article_id INTEGER NOT NULL, n INTEGER NOT NULL, line INTEGER,\n"
    "  text TEXT NOT NULL, reason INTEGER NOT NULL, PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
    "INSERT INTO removed3 SELECT article_id,\n"
    "  row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1, line, text,\n"
    "  marsad_enum('removed', 'reason', reason) FROM removed;\n"
    "CREATE TABLE entities3(article_id INTEGER NOT NULL, n INTEGER NOT NULL,\n"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, type INTEGER, subtype INTEGER,\n"
    "  name_id INTEGER REFERENCES names(id), PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
    "INSERT INTO entities3 SELECT e.article_id,\n"
    "  row_number() OVER (PARTITION BY e.article_id ORDER BY e.rowid) - 1, e.start, e.end,\n"
    "  marsad_enum('entities', 'type', e.type), marsad_enum('entities', 'subtype', e.subtype),\n"
    "  nm.id FROM entities e LEFT JOIN names nm ON nm.name = e.canonical;\n"
    "CREATE TABLE quotes3(article_id INTEGER NOT NULL, n INTEGER NOT NULL,\n"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, speaker_id INTEGER REFERENCES names(id),\n"
    "  speaker_start INTEGER, speaker_end INTEGER, cue TEXT, cue_start INTEGER,\n"
    "  cue_end INTEGER, direct INTEGER, PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
    "INSERT INTO quotes3 SELECT q.article_id,\n"
    "  row_number() OVER (PARTITION BY q.article_id ORDER BY q.rowid) - 1, q.start, q.end,\n"
    "  nm.id, 0, 0, q.cue, 0, 0, q.direct FROM quotes q LEFT JOIN names nm ON nm.name = "
    "q.speaker;\n"
    "CREATE TABLE numbers3(article_id INTEGER NOT NULL, n INTEGER NOT NULL,\n"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, value REAL, qualifier INTEGER, unit TEXT,\n"
    "  counted TEXT, PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
    "INSERT INTO numbers3 SELECT article_id,\n"
    "  row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1, start, end, value,\n"
    "  marsad_enum('numbers', 'qualifier', qualifier), unit, counted FROM numbers;\n"
    "CREATE TABLE dates3(article_id INTEGER NOT NULL, n INTEGER NOT NULL,\n"
    "  start INTEGER NOT NULL, end INTEGER NOT NULL, value TEXT, grain INTEGER, calendar INTEGER,\n"
    "  relative INTEGER, PRIMARY KEY(article_id, n)) WITHOUT ROWID;\n"
    "INSERT INTO dates3 SELECT article_id,\n"
    "  row_number() OVER (PARTITION BY article_id ORDER BY rowid) - 1, start, end, value,\n"
    "  marsad_enum('dates', 'grain', grain), marsad_enum('dates', 'calendar', calendar),\n"
    "  relative FROM dates;\n"
    "CREATE TABLE signatures3(article_id INTEGER PRIMARY KEY, minhash BLOB NOT NULL);\n"
    "INSERT INTO signatures3 SELECT article_id, marsad_sig8(minhash) FROM signatures;\n"
    "CREATE TABLE lsh3(key INTEGER NOT NULL, article_id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(key, article_id)) WITHOUT ROWID;\n"
    "INSERT OR IGNORE INTO lsh3 SELECT CASE WHEN (key & 4294967295) >= 2147483648\n"
    "  THEN (key & 4294967295) - 4294967296 ELSE key & 4294967295 END, article_id FROM lsh;\n"
    "DROP TABLE articles; DROP TABLE removed; DROP TABLE entities; DROP TABLE quotes;\n"
    "DROP TABLE numbers; DROP TABLE dates; DROP TABLE signatures; DROP TABLE lsh;\n"
    "ALTER TABLE articles3 RENAME TO articles; ALTER TABLE removed3 RENAME TO removed;\n"
    "ALTER TABLE entities3 RENAME TO entities; ALTER TABLE quotes3 RENAME TO quotes;\n"
    "ALTER TABLE numbers3 RENAME TO numbers; ALTER TABLE dates3 RENAME TO dates;\n"
    "ALTER TABLE signatures3 RENAME TO signatures; ALTER TABLE lsh3 RENAME TO lsh;\n"
    "CREATE INDEX articles_hash ON articles(body_hash);\n"
    "CREATE INDEX articles_grp ON articles(grp);\n"
    "CREATE INDEX articles_date ON articles(date);\n";

/* v4: a checksum of each article row's fixed columns (rowsum.c), which SQLite does not
 * keep: the migration adds the column, store.c then fills it for the rows there. */
static const char v4[] = "ALTER TABLE articles ADD COLUMN rowsum INTEGER;\n";

/* v5: stories (docs/stories.md). A story is named by the id of the article that started
 * it; one merged into another keeps its row, naming where it went (merged_into, always
 * the final story). Each member keeps the day it was assigned as (its date's, or the
 * latest day seen for an undated one) and its story vector (stories/vector.h: 6 bytes a
 * term), so that a writer resumes the online assignment where the last one left it;
 * story_df holds the document frequencies that weighted them (meta story_docs: over how
 * many articles). meta 'stories' records the rule's version: a writer finding another
 * (or none, as after this migration) assigns every article again (stories --rebuild).
 * Also the indexes by name that entity: and speaker: search with. */
static const char v5[] =
    "CREATE TABLE stories(id INTEGER PRIMARY KEY, merged_into INTEGER);\n"
    "CREATE TABLE story_members(article_id INTEGER PRIMARY KEY, story INTEGER NOT NULL,\n"
    "  day INTEGER, vec BLOB NOT NULL);\n"
    "CREATE INDEX story_members_story ON story_members(story);\n"
    "CREATE TABLE story_df(term INTEGER PRIMARY KEY, n INTEGER NOT NULL);\n"
    /* entity: and speaker: look articles up by name (search_sets.c) */
    "CREATE INDEX entities_name ON entities(name_id);\n"
    "CREATE INDEX quotes_speaker ON quotes(speaker_id);\n";

/* v6: a range's high end (numbers.high: "ما بين 10 و10.5 مليون" is value 10, high 10.5;
 * NULL for any other claim, as for every claim stored before), the clock time said
 * with a day (dates.time, "15:00" for "الخميس الساعة الثالثة عصرا"), and the days a
 * date may be when its year was chosen by its weekday alone (dates.candidates,
 * "2023-05-14 2017-05-14"; NULL otherwise). Fact tables carry no row checksum, so
 * adding columns leaves the stored rows as sound as they were. */
static const char v6[] = "ALTER TABLE numbers ADD COLUMN high REAL;\n"
                         "ALTER TABLE dates ADD COLUMN time TEXT;\n"
                         "ALTER TABLE dates ADD COLUMN candidates TEXT;\n";

static const char *const migrations[] = {v1, v2, v3, v4, v5, v6};

size_t msd_schema_versions(void)
{
    return sizeof migrations / sizeof migrations[0];
}

const char *msd_schema_migration(size_t version)
{
    return version >= 1 && version <= msd_schema_versions() ? migrations[version - 1] : NULL;
}
