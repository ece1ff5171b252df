#!/usr/bin/env python3
"""label.py CORPUS.jsonl[.zst] SPEC [--check] — turns the hand labels of SPEC into labels.tsv.

SPEC (labels.spec) has one quotation a line: article id, the cue word as written (the
whole word with its و/ف, or the opening quote mark), which occurrence of it in the text
it is (1 = first, counting whole words only: not inside a longer word), the speaker and
its kind. Lines starting with '#' are comments. Prints labels.tsv: id, cue start, cue
end (code points of the article's "text", end exclusive), speaker, kind. With --check,
prints each cue in its context instead, for checking the offsets by eye.
"""
import json
import subprocess
import sys

KINDS = {"person", "org", "descriptor", "none"}


def is_word(ch):
    # letters, digits and Arabic marks (tanween, shadda) are inside a word
    return ch.isalnum() or "\u064b" <= ch <= "\u065f" or ch in "\u0670\u0640"


def occurrences(text, word):
    """Code-point starts of word in text as a whole word."""
    out, i = [], text.find(word)
    while i >= 0:
        j = i + len(word)
        whole = word[0] in "«“\"" or ((i == 0 or not is_word(text[i - 1]))
                                       and (j == len(text) or not is_word(text[j])))
        if whole:
            out.append(i)
        i = text.find(word, i + 1)
    return out


def articles(path, want):
    cmd = ["zstd", "-q", "-dc", path] if path.endswith(".zst") else ["cat", path]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    got = {}
    for raw in p.stdout:
        a = json.loads(raw)
        if a["id"] in want:
            got[a["id"]] = a["text"]
    p.wait()
    return got


def main():
    corpus, spec = sys.argv[1], sys.argv[2]
    check = "--check" in sys.argv
    rows = []
    for ln, line in enumerate(open(spec, encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.rstrip("\n").split("\t")
        if len(f) != 5 or f[4] not in KINDS or not f[2].isdigit():
            sys.exit(f"{spec}:{ln}: bad line")
        rows.append((ln, f[0], f[1], int(f[2]), f[3], f[4]))
    texts = articles(corpus, {r[1] for r in rows})
    for ln, aid, cue, n, who, kind in rows:
        if aid not in texts:
            sys.exit(f"{spec}:{ln}: no article {aid}")
        occ = occurrences(texts[aid], cue)
        if n < 1 or n > len(occ):
            sys.exit(f"{spec}:{ln}: {cue} #{n}: only {len(occ)} in {aid}")
        a = occ[n - 1]
        b = a + len(cue)
        if check:
            t = texts[aid]
            ctx = t[max(0, a - 30):a] + "[" + t[a:b] + "]" + t[b:b + 50]
            print(f"{aid} {a} {b} {who} ({kind}): {ctx}".replace("\n", " "))
        else:
            print(f"{aid}\t{a}\t{b}\t{who}\t{kind}")


if __name__ == "__main__":
    main()
