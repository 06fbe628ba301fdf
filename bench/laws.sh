#!/usr/bin/env bash
# Speed benchmark: factdesk's index vs SQLite FTS5 vs ripgrep on 6,636 German federal laws
# (166 MB of Markdown). Needs ../shared/data beside the repository (or FACTDESK_DATA).
# Usage: bench/laws.sh    (from anywhere; builds the release driver itself)
set -euo pipefail
source "$(dirname "$0")/common.sh"
if ! command -v rg >/dev/null 2>&1; then
    echo "installing ripgrep..."
    apt-get install -y ripgrep >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y ripgrep >/dev/null; }
fi
TARGET="${CARGO_TARGET_DIR:-target}"
# The target folder may be shared with other builds: run copies of what was just built.
BIN_DIR="$(mktemp -d)"
trap 'rm -rf "$BIN_DIR"' EXIT
cargo build --release -p factdesk-index --example laws_bench
cp "$TARGET/release/examples/laws_bench" "$BIN_DIR/"
if [ -z "${FACTDESK_BIN:-}" ]; then
    cargo build --release --bin factdesk
    cp "$TARGET/release/factdesk" "$BIN_DIR/"
    FACTDESK_BIN="$BIN_DIR/factdesk"
fi
python3 bench/laws.py "$GZ" "$BIN_DIR/laws_bench" bench/queries_de.txt "$FACTDESK_BIN"
