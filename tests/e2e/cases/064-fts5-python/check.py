"""check.py EXTENSION — the marsad FTS5 tokenizer from Python's sqlite3 module.

EXTENSION is the .so path without its suffix, as load_extension takes it. Prints one
line per check and exits 1 (naming the check on stderr) when one fails.
"""
import sqlite3
import sys

ROWS = [
    ("والتحالف الدولي يعلن غارات جديدة على مواقع شرق البلاد | شارك الخبر",),
    ("أشاد الوزير بالتحالف القائم بين البلدين. اقرأ أيضا: أسعار النفط",),
    ("الجمعية الإسلامية توزع المُسـاعـدات على ٣٥٠٠ أسرة نازحة",),
]

CHECKS = [
    ("SELECT group_concat(rowid) FROM t WHERE t MATCH ?", "التحالف", "1,2"),
    ("SELECT group_concat(rowid) FROM t WHERE t MATCH ?", "الاسلامية", "3"),
    ("SELECT group_concat(rowid) FROM t WHERE t MATCH ?", "3500", "3"),
    ("SELECT group_concat(rowid) FROM t WHERE t MATCH ?", "وال*", "1"),
    (
        "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?",
        "المساعدات",
        "الجمعية الإسلامية توزع [المُسـاعـدات] على ٣٥٠٠ أسرة نازحة",
    ),
]


def main():
    conn = sqlite3.connect(":memory:")
    conn.enable_load_extension(True)
    conn.load_extension(sys.argv[1])
    conn.enable_load_extension(False)
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='marsad')")
    conn.executemany("INSERT INTO t VALUES (?)", ROWS)
    failed = 0
    for sql, query, want in CHECKS:
        got = conn.execute(sql, (query,)).fetchone()[0]
        print("%s\t%s" % (query, got))
        if got != want:
            print("FAIL %s: got %r, want %r" % (query, got, want), file=sys.stderr)
            failed = 1
    try:
        conn.execute("CREATE VIRTUAL TABLE b USING fts5(body, tokenize='marsad stemmer bogus')")
        print("FAIL bad argument accepted", file=sys.stderr)
        failed = 1
    except sqlite3.OperationalError as e:
        print("bad argument\t%s" % e)
    print("python %s, sqlite %s: %s" % (sys.version.split()[0], sqlite3.sqlite_version,
                                        "FAIL" if failed else "ok"))
    return failed


if __name__ == "__main__":
    sys.exit(main())
