#!/bin/sh
# run.sh — a page whose article sits under 100,000 nested <div>s keeps its text: libxml2
# stopped at a depth of 256 and the page came out as "no text in the HTML page".
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
awk 'BEGIN {
    printf "<html><head><title>سوق شعبي جديد</title></head><body>"
    for (i = 0; i < 100000; i++) printf "<div>"
    printf "<p>افتتحت البلدية سوقا شعبيا جديدا يضم مئة محل في وسط المدينة القديمة بعد سنوات من الانتظار.</p>"
    for (i = 0; i < 100000; i++) printf "</div>"
    printf "<p>وقال رئيس البلدية إن السوق سيفتح أبوابه كل يوم من الصباح حتى المساء.</p></body></html>\n"
}' > "$d/deep.html"
$MARSAD analyze "$d/deep.html" | grep -o '"body":"[^"]*"'
