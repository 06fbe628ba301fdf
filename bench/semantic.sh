#!/usr/bin/env bash
# SciFact through the product path with the semantic model: factdesk init (German default),
# model add, source add corpus.jsonl (timed: lexical commit + embedding), then
# search --queries on the English and German training claims, scored on the fixed tune and
# dev splits (bench/splits/). Weights to try: WEIGHTS="0.3,0.7 0.5,0.7 ..." (SAME,CROSS).
# usage: bench/semantic.sh WHEELS_DIR [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
wheels="$1"
work="${2:-${TMPDIR:-/tmp}/factdesk-semantic}"
data="$here/../../shared/data"
fd="${FACTDESK_BIN:-$here/../target/release/factdesk}"
export FACTDESK_DATA_DIR="$work/desk"
mkdir -p "$work"
"$fd" model ls | grep -q multilingual-e5-small-q4 || "$fd" model add "$wheels"
if [ ! -d "$work/scifact" ]; then
  "$fd" init "$work/scifact" >/dev/null
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "source add: %e s wall, %U s user, %M KB peak" \
    "$fd" --project "$work/scifact" source add "$data/scifact/corpus.jsonl"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
du -sh "$work/scifact/index/vectors" "$work/scifact/index" "$data/scifact/corpus.jsonl"
for w in ${WEIGHTS:-0.5,0.7}; do
  for lang in en de; do
    if [ $lang = en ]; then q="$data/scifact/queries_train.jsonl"; r="$data/scifact/qrels_train.tsv";
    else q="$data/scifact-de/queries_train_de.jsonl"; r="$data/scifact-de/qrels_train_de.tsv"; fi
    "$fd" --project "$work/scifact" search --queries "$q" --run "$work/run-$lang-$w" \
      --fusion-weights "$w" >/dev/null
    for part in tune dev; do
      echo "weights $w  $lang $part: $(python3 "$here/ndcg.py" "$work/run-$lang-$w" "$r" "$here/splits/scifact_train_$part.txt")"
    done
  done
done
for lang in en de; do
  if [ $lang = en ]; then q="$data/scifact/queries_train.jsonl"; r="$data/scifact/qrels_train.tsv";
  else q="$data/scifact-de/queries_train_de.jsonl"; r="$data/scifact-de/qrels_train_de.tsv"; fi
  "$fd" --project "$work/scifact" search --queries "$q" --run "$work/run-$lang-lex" --lexical >/dev/null
  for part in tune dev; do
    echo "lexical  $lang $part: $(python3 "$here/ndcg.py" "$work/run-$lang-lex" "$r" "$here/splits/scifact_train_$part.txt")"
  done
done
