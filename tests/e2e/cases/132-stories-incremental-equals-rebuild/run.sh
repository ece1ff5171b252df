# Stories assigned as articles arrive, in date order, over several ingests (one a day,
# batches of 2), equal those a rebuild assigns to the same stored articles. (One ingest
# of the three days at once stores other bodies: the cleaner counts an outlet's repeated
# lines over what one ingest reads, so its stories are compared by members only.)
set -e
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
export MARSAD_NO_PROGRESS=1
in=data/examples/wire-2016-10.jsonl
for day in 18 19 20; do
    grep "\"date\": \"2016-10-$day" $in >$d/day$day.jsonl
    $MARSAD ingest --db $d/inc.db --batch 2 $d/day$day.jsonl 2>/dev/null
done
$MARSAD ingest --db $d/one.db $in 2>/dev/null
$MARSAD stories --db $d/inc.db --all --json >$d/inc.txt
$MARSAD stories --db $d/one.db --all --json | grep -o '"articles":\[[^]]*\]' >$d/one.txt
$MARSAD stories --db $d/inc.db --rebuild
$MARSAD stories --db $d/inc.db --all --json >$d/rebuilt.txt
grep -o '"articles":\[[^]]*\]' $d/inc.txt | cmp - $d/one.txt && echo "three ingests: the members of one ingest"
cmp $d/inc.txt $d/rebuilt.txt && echo "ingests = rebuild"
echo "stories: $(wc -l <$d/inc.txt), articles in them: $(grep -o '"articles":\[[^]]*\]' $d/inc.txt | grep -o '"wire-' | wc -l)"
