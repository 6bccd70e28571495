#!/usr/bin/env bash
# The preview server under load: requests a second for one page, and what
# idle live-reload streams cost (see bench/README.md, "charter serve").
#
#   bash bench/serve.sh                 the release binary of this checkout
#   BIN=/path/to/charter bash bench/serve.sh   another build, to compare
#
# Environment: CLIENTS (default 4), SECONDS_EACH (5), STREAMS (500).
# Linux only (it reads /proc). Every request goes to 127.0.0.1.
set -euo pipefail

cd "$(dirname "$0")/.."
cargo build --release --example serve_load >&2
if [ -z "${BIN:-}" ]; then
    cargo build --release --bin charter >&2
    BIN=$PWD/target/release/charter
fi

work=$(mktemp -d)
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
cp -r site.toml content history "$work/"

"$BIN" serve --root "$work" --port 0 >"$work/out" 2>"$work/err" &
server=$!
for _ in $(seq 100); do
    grep -q '^Serving ' "$work/out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^Serving \(http:[^ ]*\).*/\1/p' "$work/out")
[ -n "$url" ] || { echo "the server did not start:" >&2; cat "$work/err" >&2; exit 1; }

echo "binary: $BIN ($(stat -c %s "$BIN") bytes)"
echo "idle server: $(grep VmRSS /proc/$server/status | tr -s ' '), $(ls /proc/$server/task | wc -l) threads"
target/release/examples/serve_load --addr "${url#http://}" --pid "$server" \
    --clients "${CLIENTS:-4}" --seconds "${SECONDS_EACH:-5}" --streams "${STREAMS:-500}"
