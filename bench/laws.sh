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
cargo build --release -p factdesk-index --example laws_bench
cargo build --release --bin factdesk
exec python3 bench/laws.py "$GZ" target/release/examples/laws_bench bench/queries_de.txt target/release/factdesk
