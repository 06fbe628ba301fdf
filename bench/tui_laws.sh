#!/usr/bin/env bash
# Key-to-frame latency of the workstation while searching the German federal laws corpus.
# Builds the release binary, makes a project (the demo article) whose sources are the 6,636
# laws split into Markdown as bench/laws.py does, opens it in tmux at 200x60 with
# --trace-timings, types the queries of bench/queries_de.txt character by character
# (50-100 ms apart), moves through the results, quits, and prints p50/p95/p99 of key-to-frame
# and frame render time from the log. Needs tmux and ../shared/data (or FACTDESK_DATA).
# Usage: [FACTDESK_BIN=path] bench/tui_laws.sh [WORKDIR]
#   WORKDIR keeps the imported project for a rerun (default: a temp dir); FACTDESK_BIN skips the build.
set -euo pipefail
export LC_ALL=C.UTF-8  # read -n1 below must read characters, not bytes
source "$(dirname "$0")/common.sh"
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 0; }
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK"
if [ -n "${FACTDESK_BIN:-}" ]; then
    BIN="$FACTDESK_BIN"   # a binary built before: rerun without a release build
else
    cargo build --release --bin factdesk
    BIN="$PWD/target/release/factdesk"
fi
PROJ="$WORK/project"
LOG="$WORK/trace.log"
if [ ! -f "$PROJ/.laws-imported" ]; then
    rm -rf "$PROJ" "$WORK/laws"
    python3 -c 'import sys; sys.path.insert(0, "bench"); import laws; print("%d laws, %d bytes" % laws.split_laws(sys.argv[1], sys.argv[2]))' "$GZ" "$WORK/laws"
    "$BIN" demo "$PROJ" --no-tui >/dev/null
    start=$(date +%s)
    "$BIN" --project "$PROJ" source add "$WORK/laws" >/dev/null
    echo "imported in $(( $(date +%s) - start )) s"
    touch "$PROJ/.laws-imported"
fi

SOCK="fd-tui-laws-$$"
tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null || true' EXIT
tm new-session -d -x 200 -y 60 env TERM=xterm-256color "$BIN" open "$PROJ" --trace-timings "$LOG"
for _ in $(seq 100); do tm capture-pane -p -t 0 | grep -q "help" && break; sleep 0.1; done
gap() { sleep "0.0$(( RANDOM % 51 + 50 ))"; }   # 50-100 ms, like a fast typist
key() { tm send-keys -t 0 "$@"; gap; }

echo "load before: $(uptime)"
key 2
grep -v '^#' bench/queries_de.txt | grep . | while IFS= read -r q; do
    key /
    key C-u
    # One character at a time, as typed (send-keys -l: literal, so quotes and umlauts pass).
    while IFS= read -r -n1 c; do
        if [ -z "$c" ]; then key Space; else key -l "$c"; fi
    done < <(printf '%s' "$q")
    sleep 0.4
    key Enter
    for _ in 1 2 3 4 5; do key j; done
    key k
done
echo "load after:  $(uptime)"
key q
for _ in $(seq 50); do tm has-session -t 0 2>/dev/null || break; sleep 0.1; done

python3 - "$LOG" <<'PY'
import sys
frames, keys = [], []
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0] == "frame-us":
        frames.append(int(parts[1]) / 1000)
        k = int(parts[3])
        if k >= 0:
            keys.append(k / 1000)
def pct(v, p):
    v = sorted(v)
    return v[max(0, -(-len(v) * p // 100) - 1)]
for name, v in (("key-to-frame", keys), ("frame render", frames)):
    print(f"{name:13} n={len(v):5}  p50 {pct(v, 50):6.2f} ms  p95 {pct(v, 95):6.2f} ms  "
          f"p99 {pct(v, 99):6.2f} ms  max {max(v):7.2f} ms")
PY
