#!/usr/bin/python3
"""traf_readability.py DIR -- readability-lxml (Debian's python3-readability) on
trafilatura's evaluation set, scored as bench/traf_eval.c scores marsad: the same
white-space normalization, the same substring test, the same halves (bench/traf_eval.c
says how). A bench peer only, never a dependency of marsad.

Readability's summary() is HTML; its text is taken with lxml, a line break after each
block element so that two paragraphs do not run into one word. A page that raises
gives no text (all its "with" fragments missed). Exit 0 with a note when the module is
missing, so bench/run.sh goes on.
"""
import json
import os
import re
import sys
import time

try:
    import lxml.html
    from readability import Document
except ImportError as err:
    print(f"(skipped: {err})")
    sys.exit(0)

BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
          "blockquote", "pre", "section", "article", "table", "ul", "ol", "dd", "dt",
          "figcaption", "header", "footer"}
SPACE = re.compile(r"\s+")
MASK = (1 << 64) - 1


def norm(text):
    return SPACE.sub(" ", text).strip()


def mix(x):
    x ^= x >> 32
    x = (x * 0xD6E8FEB86659FD93) & MASK
    x ^= x >> 32
    x = (x * 0xD6E8FEB86659FD93) & MASK
    x ^= x >> 32
    return x


def half(url):
    """src/util/hash.h's msd_hash64 of the URL's bytes, low bit: traf_eval.c's halves."""
    s = url.encode("utf-8")
    n = len(s)
    h = (0x9E3779B97F4A7C15 ^ ((n * 0xFF51AFD7ED558CCD) & MASK)) & MASK
    i = 0
    while n - i >= 8:
        h = ((h ^ mix(int.from_bytes(s[i:i + 8], "little"))) * 0xC4CEB9FE1A85EC53) & MASK
        i += 8
    if n - i:
        w = int.from_bytes(s[i:], "little") ^ (((n - i) << 56) & MASK)
        h = ((h ^ mix(w)) * 0xC4CEB9FE1A85EC53) & MASK
    return mix(h) & 1


def text_of(html_bytes):
    summary = Document(html_bytes).summary()
    tree = lxml.html.fromstring(summary)
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag in BLOCKS:
            el.tail = "\n" + (el.tail or "")
    return tree.text_content()


def main():
    if len(sys.argv) < 2 or not os.path.isfile(os.path.join(sys.argv[1], "evaldata.json")):
        print("(skipped: no evaldata.json)")
        return
    with open(os.path.join(sys.argv[1], "evaldata.json"), encoding="utf-8") as f:
        data = json.load(f)
    score = [[0, 0, 0, 0] for _ in range(3)]  # tp fn fp tn: A, B, all
    pages = [0, 0, 0]
    failed = 0
    secs = 0.0
    for url, item in data.items():
        with open(os.path.join(sys.argv[1], "pages", item["file"]), "rb") as f:
            raw = f.read()
        t0 = time.perf_counter()
        try:
            text = norm(text_of(raw))
        except Exception:  # a crash is a page with no text, as trafilatura counts it
            text = ""
        secs += time.perf_counter() - t0
        if not text:
            failed += 1
        k = half(url)
        for s in (score[k], score[2]):
            for w in item["with"]:
                s[0 if text and norm(w) in text else 1] += 1
            for w in item["without"]:
                s[2 if text and norm(w) in text else 3] += 1
        pages[k] += 1
        pages[2] += 1
    for name, s, n in zip(("A (tuning)", "B (held out)", "all"), score, pages):
        tp, fn, fp, tn = s
        p = tp / (tp + fp) if tp + fp else 0
        r = tp / (tp + fn) if tp + fn else 0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0
        acc = (tp + tn) / (tp + fn + fp + tn)
        print(f"{'readabil':<8} {name:<12} {n:5d} {tp:6d} {fn:6d} {fp:6d} {tn:6d}  "
              f"{p:.4f} {r:.4f} {f1:.4f} {acc:.4f}")
    print(f"readability: {failed} pages gave no text; {pages[2] / secs:.0f} pages/s")


if __name__ == "__main__":
    main()
