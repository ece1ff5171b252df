#!/usr/bin/env python3
"""pick.py CORPUS.jsonl[.zst] — the 40 SaudiNewsNet articles of the quotation benchmark.

Deterministic and blind to marsad: articles are ranked by sha256("qlabel:" + id) and
taken in that order when their text is 600–3000 code points long and holds a speech
verb form (SPEECH below, as a whole word, with or without و/ف), at most 4 per source
(so at least 10 of the 14 sources), until 40 are kept. Prints one id a line, in rank
order, with its source and length.
"""
import hashlib
import json
import re
import subprocess
import sys

N, PER_SOURCE, MIN_LEN, MAX_LEN = 40, 4, 600, 3000
SPEECH = ("قال قالت يقول تقول أكد أكدت يؤكد وأكد أوضح أوضحت يوضح أضاف أضافت يضيف "
          "صرح صرحت يصرح أعلن أعلنت يعلن أشار أشارت يشير ذكر ذكرت يذكر لفت لفتت "
          "بين بينت نقل نقلت أفاد أفادت يفيد").split()
CUE = re.compile(r"(?:^|[\s\"«(])[وف]?(?:%s)(?=$|[\s\"»:،.)])" % "|".join(SPEECH))


def lines(path):
    if path.endswith(".zst"):
        p = subprocess.Popen(["zstd", "-q", "-dc", path], stdout=subprocess.PIPE)
        yield from p.stdout
        p.wait()
    else:
        with open(path, "rb") as f:
            yield from f


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/saudinewsnet.jsonl.zst"
    ranked = []
    for raw in lines(path):
        a = json.loads(raw)
        t = a.get("text") or ""
        if MIN_LEN <= len(t) <= MAX_LEN and CUE.search(t):
            key = hashlib.sha256(("qlabel:" + a["id"]).encode()).hexdigest()
            ranked.append((key, a["id"], a["source"], len(t)))
    ranked.sort()
    per, kept = {}, []
    for _, i, s, n in ranked:
        if per.get(s, 0) < PER_SOURCE:
            per[s] = per.get(s, 0) + 1
            kept.append((i, s, n))
        if len(kept) == N:
            break
    for i, s, n in kept:
        print(f"{i}\t{s}\t{n}")


if __name__ == "__main__":
    main()
