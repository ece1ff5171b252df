CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  ext_id TEXT NOT NULL UNIQUE,           -- the input's id (API.md "id")
  source_id INTEGER REFERENCES sources(id),
  url TEXT, title TEXT, date TEXT, date_source TEXT, language TEXT,
  body TEXT NOT NULL,                     -- the cleaned body
  body_hash INTEGER NOT NULL,             -- of the normalized body: exact duplicates
  grp INTEGER NOT NULL,                   -- first article of its duplicate group
  dup_kind TEXT,                          -- NULL, 'exact' or 'near'
  dup_jaccard REAL,                       -- MinHash estimate that linked it
  origin TEXT, format TEXT,               -- where it was read: file, file:line, file@offset
  ingested TEXT NOT NULL                  -- UTC time of the ingest
);
CREATE INDEX articles_hash ON articles(body_hash);
CREATE INDEX articles_grp ON articles(grp);
CREATE INDEX articles_date ON articles(date);
CREATE TABLE removed(article_id INTEGER NOT NULL, line INTEGER, text TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE INDEX removed_article ON removed(article_id);
CREATE TABLE entities(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,
  type TEXT, subtype TEXT, text TEXT, canonical TEXT);
CREATE INDEX entities_article ON entities(article_id);
CREATE INDEX entities_canonical ON entities(canonical);
CREATE TABLE quotes(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,
  speaker TEXT, speaker_text TEXT, cue TEXT, direct INTEGER, text TEXT);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker);
CREATE TABLE numbers(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,
  value REAL, qualifier TEXT, unit TEXT, counted TEXT, text TEXT);
CREATE INDEX numbers_article ON numbers(article_id);
CREATE TABLE dates(article_id INTEGER NOT NULL, start INTEGER, end INTEGER,
  value TEXT, grain TEXT, calendar TEXT, relative INTEGER, text TEXT);
CREATE INDEX dates_article ON dates(article_id);
CREATE TABLE signatures(article_id INTEGER PRIMARY KEY, minhash BLOB NOT NULL);
CREATE TABLE lsh(band INTEGER NOT NULL, key INTEGER NOT NULL, article_id INTEGER NOT NULL,
  PRIMARY KEY(band, key, article_id)) WITHOUT ROWID;
CREATE TABLE segments(id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE,
  ndocs INTEGER NOT NULL, bytes INTEGER NOT NULL, level INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL);

ALTER TABLE segments ADD COLUMN deleted BLOB;

PRAGMA user_version = 2;
INSERT INTO meta VALUES ('schema', '2');
INSERT INTO sources(id, name) VALUES (1, 'wakala.example'), (2, 'akhbar.example');
INSERT INTO articles(id, ext_id, source_id, url, title, date, date_source, language, body, body_hash, grp, origin, format, ingested) VALUES (1, 'old-1', 1, 'https://wakala.example/a/1', 'مسئول في البلدية: إصلاح شبكة المياه خلال أسبوع', '2016-03-02', 'metadata', 'ar', 'قال مسئول في بلدية المدينة إن فرق الصيانة ستنهي إصلاح شبكة المياه خلال أسبوع.

وأضاف أن نحو 300 منزل تضررت من الانقطاع منذ يوم الأحد.', 1001, 1, 'old.jsonl:1', 'jsonl', '2016-03-05T00:00:00Z');
INSERT INTO articles(id, ext_id, source_id, url, title, date, date_source, language, body, body_hash, grp, origin, format, ingested) VALUES (2, 'old-2', 2, 'https://akhbar.example/n/22', 'عبدالعزيز يفتتح معرض الكتاب', '2016-03-03', 'metadata', 'ar', 'افتتح الأمير عبدالعزيز بن فهد معرض الكتاب السنوي بمشاركة أكثر من 500 دار نشر.

ويستمر المعرض عشرة أيام.', 1002, 2, 'old.jsonl:2', 'jsonl', '2016-03-05T00:00:00Z');
INSERT INTO articles(id, ext_id, source_id, url, title, date, date_source, language, body, body_hash, grp, origin, format, ingested) VALUES (3, 'old-3', 2, 'https://akhbar.example/n/23', 'أمطار غزيرة على الساحل', '2016-03-04', 'metadata', 'ar', 'هطلت أمطار غزيرة على مدن الساحل أمس الخميس وأغلقت عدة طرق.

وأعلنت الأرصاد أن الأمطار ستستمر حتى يوم السبت.', 1003, 3, 'old.jsonl:3', 'jsonl', '2016-03-05T00:00:00Z');
INSERT INTO entities VALUES (1, 13, 26, 'ORG', NULL, 'بلدية المدينة', 'بلدية المدينة');
INSERT INTO entities VALUES (2, 13, 29, 'PERS', NULL, 'عبدالعزيز بن فهد', 'عبدالعزيز بن فهد');
INSERT INTO quotes VALUES (1, 30, 76, NULL, NULL, 'قال', 0, 'فرق الصيانة ستنهي إصلاح شبكة المياه خلال أسبوع');
INSERT INTO numbers VALUES (1, 88, 100, 300, 'approx', NULL, 'منزل', 'نحو 300 منزل');
INSERT INTO dates VALUES (3, 32, 42, '2016-03-03', 'day', 'gregorian', 1, 'أمس الخميس');
INSERT INTO removed VALUES (2, 3, 'شارك الخبر', 'widget');
