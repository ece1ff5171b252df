#!/usr/bin/env python3
"""Sanity check for bench/stories/gold.tsv.
usage: python3 check_gold.py [gold.tsv] [/var/tmp/snn.jsonl]
Checks: every id exists in SaudiNewsNet and is dated 2015-07-21..25, no id twice,
sorted, label syntax; prints counts."""
import collections, json, re, sys
gold = sys.argv[1] if len(sys.argv) > 1 else 'bench/stories/gold.tsv'
data = sys.argv[2] if len(sys.argv) > 2 else '/var/tmp/snn.jsonl'
rows = [l.rstrip('\n').split('\t') for l in open(gold, encoding='utf-8')]
assert rows[0] == ['id', 'story'], 'bad header'
rows = rows[1:]
ids = [r[0] for r in rows]
assert ids == sorted(ids), 'not sorted by id'
dup = [i for i, n in collections.Counter(ids).items() if n > 1]
assert not dup, f'duplicate ids: {dup}'
want = set(ids); dates = {}
for line in open(data, encoding='utf-8'):
    d = json.loads(line)
    if d['id'] in want:
        dates[d['id']] = d['date'][:10]
missing = want - set(dates)
assert not missing, f'unknown ids: {sorted(missing)}'
bad = [i for i in ids if not '2015-07-21' <= dates[i] <= '2015-07-25']
assert not bad, f'ids outside 2015-07-21..25: {bad}'
for _, lab in rows:
    assert re.fullmatch(r'[a-z0-9]+(-[a-z0-9]+)*', lab), f'bad label {lab}'
c = collections.Counter(r[1] for r in rows)
stories = {k: v for k, v in c.items() if not k.startswith('x-')}
for k, v in c.items():
    if k.startswith('x-snn-'):
        assert v == 1, f'{k} is a single-article label but used {v} times'
print(f'stories {len(stories)}, story articles {sum(stories.values())}, '
      f'distractors {sum(v for k, v in c.items() if k.startswith("x-"))}, '
      f'labels {len(c)}, rows {len(rows)}')
for k, v in sorted(stories.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f'{v:4d}  {k}')
