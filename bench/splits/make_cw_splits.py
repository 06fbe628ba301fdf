"""Writes the fixed tune/dev splits of the three check-worthiness training sets (ids only).

python3 bench/splits/make_cw_splits.py [DATA_DIR]   (default: ../shared/data beside the repository)

The rule, fixed once (see README.md): rank by sha256("factdesk-split-v1:<set>:" + id);
ClaimBuster and GermEval 2021 are stratified (within each label, the first 30 % of the ranking,
rounded, go to dev); CheckThat! 2019 goes by whole debate (the 6 of 19 debate files first in
the ranking go to dev). Running it again gives the same files.
"""
import csv
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "data")
DEV_SHARE = 0.3


def rank_key(name, key):
    return hashlib.sha256(f"factdesk-split-v1:{name}:{key}".encode()).hexdigest()


def stratified(name, rows):
    """rows: (id, label). Returns the set of dev ids."""
    dev = set()
    for label in sorted({y for _, y in rows}):
        ids = sorted((i for i, y in rows if y == label), key=lambda i: rank_key(name, i))
        dev.update(ids[: round(DEV_SHARE * len(ids))])
    return dev


def write(name, ids, dev, what):
    ids = sorted(set(ids), key=lambda i: (0, int(i), "") if i.isdigit() else (1, 0, i))
    for part, keep in (("tune", lambda i: i not in dev), ("dev", lambda i: i in dev)):
        path = os.path.join(HERE, f"{name}_{part}.txt")
        chosen = [i for i in ids if keep(i)]
        with open(path, "w") as f:
            f.write(f"# {name} {part}: {what}, one a line (rule: bench/splits/README.md)\n")
            f.writelines(i + "\n" for i in chosen)
        print(f"{path}: {len(chosen)} {what}")


cb = json.load(open(os.path.join(DATA, "claimbuster", "claimbuster_train.json")))
cb_rows = [(str(x["sentence_id"]), int(x["label"])) for x in cb]
write("claimbuster_train", [i for i, _ in cb_rows], stratified("claimbuster", cb_rows), "sentence_id")

ge = list(csv.DictReader(open(os.path.join(DATA, "germeval2021", "train.csv"), encoding="utf-8-sig")))
ge_rows = [(x["comment_id"], int(x["Sub3_FactClaiming"])) for x in ge]
write("germeval2021_train", [i for i, _ in ge_rows], stratified("germeval", ge_rows), "comment_id")

ct = list(csv.DictReader(open(os.path.join(DATA, "claimbuster", "CT19-T1-Training.csv"))))
debates = sorted({x["file_name"] for x in ct}, key=lambda d: rank_key("ct19", d))
write("ct19_train", debates, set(debates[: round(DEV_SHARE * len(debates))]), "file_name (whole debates)")
