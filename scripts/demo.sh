#!/usr/bin/env bash
# make demo: collect AWS from fakecloud with the real SDK, then evaluate it
# together with the bundled Azure and GCP demo snapshots, with waivers and
# attestations, into every report format.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${DEMO_OUT:-out/demo}
SCENARIO=${DEMO_SCENARIO:-mixed-regions}
BIN=${BIN:-bin}

rm -rf "$OUT"
mkdir -p "$OUT"

# fakecloud prints its base URL once it listens; it serves until killed.
"$BIN/fakecloud" --fixtures testdata/fakecloud --scenario "$SCENARIO" --listen 127.0.0.1:0 \
  --calls "$OUT/fakecloud-calls.jsonl" > "$OUT/.fakecloud.url" 2> "$OUT/.fakecloud.log" &
fc=$!
trap 'kill "$fc" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  [ -s "$OUT/.fakecloud.url" ] && break
  sleep 0.1
done
url=$(head -n1 "$OUT/.fakecloud.url")
[ -n "$url" ] || { echo "fakecloud did not start:"; cat "$OUT/.fakecloud.log"; exit 1; }
key=$(sed -n 's/.*access_keys: *\[\([A-Z0-9]*\).*/\1/p' "testdata/fakecloud/aws/$SCENARIO/scenario.yaml" | head -n1)

echo "Collecting AWS scenario '$SCENARIO' from fakecloud at $url with the real aws-sdk-go-v2 clients..."
env AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY=fakecloud AWS_REGION=us-east-1 \
    AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    "$BIN/irscan" collect aws --endpoint-url "$url" --out "$OUT/snapshots"
kill "$fc"; wait "$fc" 2>/dev/null || true
trap - EXIT
rm -f "$OUT/.fakecloud.url" "$OUT/.fakecloud.log"
echo

rc=0
"$BIN/irscan" evaluate "$OUT/snapshots" testdata/demo/azure-*.json testdata/demo/gcp-*.json \
  --waivers testdata/demo/waivers.yaml --attestations testdata/demo/attestations.yaml \
  --format table,json,sarif,html,csv,junit --out "$OUT" || rc=$?
echo
echo "Snapshots in $OUT/snapshots/ (AWS collected from fakecloud; Azure and GCP from testdata/demo/)."
echo "Reports in $OUT/: irscan.json irscan.sarif irscan.html irscan.csv irscan.xml"
echo "fakecloud's call log: $OUT/fakecloud-calls.jsonl"
echo "irscan exited $rc (0 all passed, 1 failing findings, 3 some checks could not be assessed)"
[ "$rc" -ne 2 ]
