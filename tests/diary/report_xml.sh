#!/bin/sh
# report_xml.sh XMLLINT REPORT -- the clinician's HTML report that diary_cli
# exported: well-formed XML, one inline SVG chart, one table row for each of
# its 22 entries. Not one of the glob-registered scripts: tests/diary.cmake
# registers it where xmllint exists, after diary_cli (a CTest fixture).
X=$1
R=$2
"$X" --noout "$R" || { echo "FAIL: $R is not well-formed" >&2; exit 1; }
# the chart; the latest assessment (its own <section>) may hold the fit's
# picture
n=$("$X" --xpath 'count(//*[local-name()="svg"][not(ancestor::*[local-name()="section"])])' "$R")
[ "$n" = 1 ] || { echo "FAIL: $n inline svg, wanted 1" >&2; exit 1; }
n=$("$X" --xpath 'count(//*[local-name()="table"][@class="entries"]/*[local-name()="tbody"]/*[local-name()="tr"])' "$R")
[ "$n" = 22 ] || { echo "FAIL: $n table rows, wanted 22" >&2; exit 1; }
echo "all ok"
