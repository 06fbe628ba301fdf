# Sourced by the bench scripts: run from the repository root, find the laws corpus.
# Sets GZ, or exits 0 with SKIP when the shared data is not there.
cd "$(dirname "$0")/.."
DATA="${FACTDESK_DATA:-../shared/data}"
GZ="$DATA/de-gesetze/gesetze_de.jsonl.gz"
if [ ! -f "$GZ" ]; then
    echo "SKIP: $GZ not found (set FACTDESK_DATA to the shared data folder)"
    exit 0
fi
