# An ingest killed with SIGKILL mid-way leaves stories at the last commit: the archive
# checks sound, every stored article is in exactly one story, and ingesting the input
# again (stored articles are skipped) gives the stories a rebuild gives.
set -e
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
# 4,000 articles over 40 days: 200 events of 20 articles, each event's words drawn from
# its own small vocabulary and a shared one (deterministic: awk's srand(7))
awk 'BEGIN {
    srand(7)
    split("قصف غارة هجوم مدينة قرية مجلس وزير رئيس حكومة جيش قوات مقاتلين مسلحين سكان " \
          "مستشفى مدرسة طريق جسر سوق ميناء مطار نهر جبل وادي سهل حدود اتفاق هدنة مفاوضات " \
          "انتخابات برلمان ميزانية نفط غاز كهرباء ماء قمح زيتون تمر سيول أمطار حرائق زلزال", w, " ")
    for (i = 0; i < 4000; i++) {
        e = int(i / 20); day = 1 + int(e / 5)
        printf "{\"id\":\"k%05d\",\"source\":\"s%d\",\"date\":\"2016-%02d-%02d\",\"title\":\"", i, i % 7, 1 + int((day - 1) / 28), 1 + (day - 1) % 28
        for (k = 0; k < 6; k++) printf "%s%s", (k ? " " : ""), (rand() < 0.6 ? "حدث" e "ـ" int(rand() * 8) : w[1 + int(rand() * 44)])
        printf "\",\"text\":\""
        for (k = 0; k < 90; k++) printf "%s%s", (k ? " " : ""), (rand() < 0.35 ? "حدث" e "ـ" int(rand() * 12) : w[1 + int(rand() * 44)])
        printf ".\"}\n"
    }
}' >$d/in.jsonl
$MARSAD ingest --db $d/m.db --batch 50 --jobs 1 $d/in.jsonl 2>/dev/null &
pid=$!
# kill it once a batch or more is committed (however slow the machine), mid-ingest
for i in $(seq 1 600); do
    n=$($MARSAD stats --db $d/m.db --json 2>/dev/null | grep -o '"articles":[0-9]*' | cut -d: -f2)
    [ "${n:-0}" -ge 200 ] && break
    sleep 0.05
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
# a segment file written before the kill, its batch not committed, is a leftover check
# names (the next ingest removes it): sound, and said
$MARSAD check --db $d/m.db --quiet >$d/check.txt && echo "killed: sound"
grep -v 'named by no manifest row' $d/check.txt || true
stored=$($MARSAD stats --db $d/m.db --json | grep -o '"articles":[0-9]*' | cut -d: -f2)
inside=$($MARSAD stories --db $d/m.db --all --json | grep -o '"articles":\[[^]]*\]' | grep -o '"k[0-9]*"' | sort | uniq | wc -l)
[ "$stored" = "$inside" ] && echo "killed: every stored article in one story"
echo "killed after $stored of 4000 articles" >&2
$MARSAD ingest --db $d/m.db --batch 50 $d/in.jsonl 2>/dev/null
$MARSAD stories --db $d/m.db --all --json >$d/resumed.txt
$MARSAD stories --db $d/m.db --rebuild
$MARSAD stories --db $d/m.db --all --json | cmp - $d/resumed.txt && echo "resumed = rebuild"
echo "articles in stories: $(grep -o '"k[0-9]*"' $d/resumed.txt | sort -u | wc -l)"
