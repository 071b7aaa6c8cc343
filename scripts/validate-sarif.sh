#!/usr/bin/env bash
# make validate, part 1: validate SARIF files with Microsoft's SARIF multitool
# (npm @microsoft/sarif-multitool, pinned) using the SARIF and GitHub code
# scanning rule sets, and fail on any error or warning that is not listed in
# scripts/sarif-accepted.txt.
#
#   scripts/validate-sarif.sh out/demo/irscan.sarif [more.sarif...]
#
# The multitool exits 0 even when it finds errors, so its own output SARIF is
# read by scripts/sarif-gate.mjs (node). Before the real files, two known-bad
# files from reports/testdata/ must be rejected, which proves the gate and the
# GitHub rules are live. The multitool is installed into a temporary folder
# (npm cache included) that is removed afterwards; set SARIF_MULTITOOL to an
# installed Sarif.Multitool binary to skip the install. The multitool's
# reports are kept in $VALIDATE_OUT (default out/validate) as CI artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."

MT_VERSION=5.7.0
ACCEPTED=${SARIF_ACCEPTED:-scripts/sarif-accepted.txt}
CONFIG=scripts/sarif-gh-extra.xml
OUT=${VALIDATE_OUT:-out/validate}

[ $# -gt 0 ] || { echo "usage: $0 FILE.sarif..." >&2; exit 2; }
for f in "$@"; do
  [ -s "$f" ] || { echo "validate-sarif: $f is missing or empty (make demo writes out/demo/irscan.sarif)" >&2; exit 1; }
done
command -v node >/dev/null || { echo "validate-sarif: node is needed to read the multitool's output" >&2; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
MT=${SARIF_MULTITOOL:-}
if [ -z "$MT" ]; then
  command -v npm >/dev/null || { echo "validate-sarif: npm is needed to install @microsoft/sarif-multitool" >&2; exit 1; }
  echo "validate-sarif: installing @microsoft/sarif-multitool@$MT_VERSION into a temporary folder"
  # The platform package is an optional dependency with a caret range: pin it too.
  if ! npm install --prefix "$T" --cache "$T/.npm-cache" --no-audit --no-fund --no-save --loglevel=error \
      "@microsoft/sarif-multitool@$MT_VERSION" "@microsoft/sarif-multitool-linux@$MT_VERSION" > "$T/npm.log" 2>&1; then
    cat "$T/npm.log" >&2
    exit 1
  fi
  case $(uname -m) in
    x86_64|amd64) MT="$T/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ;;
    aarch64|arm64) MT="$T/node_modules/@microsoft/sarif-multitool-linux/arm64/Sarif.Multitool" ;;
    *) echo "validate-sarif: no multitool build for $(uname -m)" >&2; exit 1 ;;
  esac
  # npm 11 does not run the package's postinstall (chmod u+x); do it here.
  chmod u+x "$MT"
fi
# A self-contained .NET app: without this it aborts when libicu is missing.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
"$MT" --version 2>&1 | sed -n 1p

mkdir -p "$OUT"
# validate INPUT LOG: run the multitool; its findings go to LOG (SARIF).
validate() {
  if ! "$MT" validate "$1" --rule-kind "Sarif;Ghas" -c "$CONFIG" --level "Error;Warning;Note" \
      -o "$2" --log ForceOverwrite > "$T/multitool.log" 2>&1; then
    cat "$T/multitool.log" >&2
    echo "validate-sarif: the multitool failed on $1" >&2
    exit 1
  fi
  [ -s "$2" ] || { cat "$T/multitool.log" >&2; echo "validate-sarif: the multitool wrote no report for $1" >&2; exit 1; }
}

# Self-test: the gate must reject a schema-invalid file and a file that
# breaks GitHub's rules (GH1003 and GH1007 come from $CONFIG, so they prove it
# was loaded).
for bad in "reports/testdata/sarif-invalid.sarif:JSON1002" "reports/testdata/sarif-invalid-github.sarif:GH1003 GH1007 GH2012"; do
  file=${bad%%:*}
  validate "$file" "$T/selftest.sarif"
  if node scripts/sarif-gate.mjs "$file=$T/selftest.sarif" > "$T/selftest.out" 2>&1; then
    cat "$T/selftest.out"
    echo "validate-sarif: self-test failed: the gate accepted the known-bad $file" >&2
    exit 1
  fi
  for rule in ${bad#*:}; do
    grep -q " $rule/" "$T/selftest.out" || { cat "$T/selftest.out"; echo "validate-sarif: self-test: $file did not raise $rule" >&2; exit 1; }
  done
done
echo "validate-sarif: self-test ok (known-bad files rejected)"

logs=()
for f in "$@"; do
  name=$(echo "$f" | sed 's|^out/||; s|[/ ]|-|g')
  validate "$f" "$OUT/$name.multitool.sarif"
  logs+=("$f=$OUT/$name.multitool.sarif")
done
node scripts/sarif-gate.mjs --accepted "$ACCEPTED" "${logs[@]}"
