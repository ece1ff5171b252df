# What `marsad story` and `marsad stories` say to what they cannot do, and their exit.
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
MARSAD_NO_PROGRESS=1 $MARSAD ingest --db $d/m.db data/examples 2>/dev/null
try() {
    "$@" >$d/out 2>&1
    rc=$?
    shift
    echo "$*: exit $rc: $(head -1 $d/out)" | sed "s|$d|DIR|g"
}
try $MARSAD story --db $d/m.db 99999
try $MARSAD story --db $d/m.db abc
try $MARSAD story --db $d/m.db
try $MARSAD story --db $d/m.db 1 2
try $MARSAD stories --db $d/m.db --since 2016-13-45
try $MARSAD stories --db $d/m.db --limit 0
try $MARSAD stories --db $d/m.db '"unclosed'
try $MARSAD stories --db $d/none.db
try $MARSAD stories --db $d/none.db --rebuild
try $MARSAD story --db $d/none.db 1
echo "files made for none.db: $(ls $d | grep -c none)"
