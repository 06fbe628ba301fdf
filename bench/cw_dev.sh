#!/usr/bin/env bash
# Check-worthiness on the dev parts, once per design: trains on each tune part and measures
# the dev part through the command a user runs (`factdesk eval checkworthy` with
# --train-ids/--test-ids), the built-in features alone on the same dev parts, and the plain
# TF-IDF + logistic regression peer (examples/cw_baseline.py, needs scikit-learn) in the same
# run. Never tune on what this prints (docs/benchmarks.md, "Protocol").
# With a semantic model installed (`factdesk model add`) the model line trains and tests with
# its sentence embeddings (design D4: their own regression, stacked; its JSON names them);
# without one it is D2. Sentences embedded once are read from the model's cache afterwards.
#
#   bench/cw_dev.sh [DATA_DIR]        (default: ../shared/data beside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${1:-../shared/data}"
S=bench/splits
cargo build --release --bin factdesk
FD="${CARGO_TARGET_DIR:-target}/release/factdesk"
run() { # name file format split
  local name=$1 file=$DATA/$2 format=$3 split=$4
  if [ ! -f "$file" ]; then echo "$name: skipped, $file not found"; return; fi
  echo "$name model:    $("$FD" eval checkworthy --train "$file" --train-ids "$S/${split}_tune.txt" \
    --test "$file" --test-ids "$S/${split}_dev.txt" --format "$format" --json)"
  echo "$name built-in: $("$FD" eval checkworthy --test "$file" --test-ids "$S/${split}_dev.txt" \
    --format "$format" --json)"
}
run claimbuster claimbuster/claimbuster_train.json claimbuster claimbuster_train
run ct19 claimbuster/CT19-T1-Training.csv ct19 ct19_train
run germeval germeval2021/train.csv germeval germeval2021_train
python3 examples/cw_baseline.py "$DATA"
