#!/usr/bin/env bash
# Retrieval quality through the product path (`factdesk eval beir`: init with the German default,
# source add of the corpus, search --queries), on the tune and dev parts of the SciFact training
# claims (English and German, bench/splits/) and on the two regression guards.
# Usage: bench/quality.sh [tune|dev|guards|all]   (FACTDESK_BIN to use a built binary)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${FACTDESK_DATA:-../shared/data}"
if [ ! -d "$DATA/scifact" ]; then
    echo "SKIP: $DATA/scifact not found (set FACTDESK_DATA to the shared data folder)"
    exit 0
fi
if [ -z "${FACTDESK_BIN:-}" ]; then
    cargo build --release --bin factdesk
    FACTDESK_BIN="${CARGO_TARGET_DIR:-target}/release/factdesk"
fi
what="${1:-all}"
run() {
    local name="$1"; shift
    printf '%-28s ' "$name"
    "$FACTDESK_BIN" eval beir --json "$@" | python3 -c \
        'import json,sys; r=json.load(sys.stdin); print("nDCG@10 %.4f  R@100 %.4f  (%d queries)" % (r["ndcg@10"], r["recall@100"], r["queries"]))'
}
sf=(--corpus "$DATA/scifact/corpus.jsonl")
en=(--queries "$DATA/scifact/queries_train.jsonl" --qrels "$DATA/scifact/qrels_train.tsv")
de=(--queries "$DATA/scifact-de/queries_train_de.jsonl" --qrels "$DATA/scifact-de/qrels_train_de.tsv")
for part in tune dev; do
    if [ "$what" = all ] || [ "$what" = "$part" ]; then
        run "scifact en $part" "${sf[@]}" "${en[@]}" --ids "bench/splits/scifact_train_$part.txt"
        run "scifact de->en $part" "${sf[@]}" "${de[@]}" --ids "bench/splits/scifact_train_$part.txt"
    fi
done
if [ "$what" = all ] || [ "$what" = guards ]; then
    run "climate-fever derived" --corpus "$DATA/climate-fever/derived_sentence_corpus.jsonl" \
        --queries "$DATA/climate-fever/derived_queries.jsonl" --qrels "$DATA/climate-fever/derived_qrels.tsv"
    run "cranfield" --cranfield "$DATA/cranfield"
fi
