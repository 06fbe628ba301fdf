"""TF-IDF + logistic regression baseline for check-worthiness, on the fixed splits.

Needs scikit-learn. python3 examples/cw_baseline.py [DATA_DIR] [--whole]

Per data set it prints two rows per variant (scikit-learn defaults with threshold 0.5, and
class-balanced): "cv" = 5-fold cross-validation inside the tune part (bench/splits/*_tune.txt;
example i -> fold i % 5 in file order; CheckThat! 2019: debates sorted by file name,
debate k -> fold k % 5), the same folds as examples/cw_cv.rs; "dev" = trained on the
whole tune part, measured on the dev part (bench/splits/*_dev.txt), as
`factdesk eval checkworthy --train-ids ... --test-ids ...` measures the model.
--whole: cross-validation over the whole training files instead (the old protocol).
"""
import csv, json, os, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score

HERE = os.path.dirname(os.path.abspath(__file__))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
WHOLE = "--whole" in sys.argv
D = ARGS[0] if ARGS else os.path.join(HERE, "..", "..", "shared", "data")
SPLITS = os.path.join(HERE, "..", "bench", "splits")


def ap(y, s):
    # Same definition as the Rust metric: precision at each positive's rank.
    order = np.argsort(-s, kind="stable")
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if y[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def ids(name):
    with open(os.path.join(SPLITS, name + ".txt")) as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def fit_score(tr_texts, tr_y, te_texts, balanced):
    v = TfidfVectorizer()
    m = LogisticRegression(max_iter=1000, class_weight=balanced).fit(v.fit_transform(tr_texts), tr_y)
    return m.predict_proba(v.transform(te_texts))[:, 1]


def line(label, y, s, groups):
    p = s >= 0.5
    out = f"  {label:<18} F1 {f1_score(y, p):.3f}  P {precision_score(y, p, zero_division=0):.3f}  R {recall_score(y, p):.3f}  AP {ap(y, s):.3f}"
    if groups is not None:
        g = np.array(groups)
        out += f"  MAP {np.mean([ap(y[g == x], s[g == x]) for x in sorted(set(groups)) if y[g == x].any()]):.3f}"
    return out


def run(name, rows, split, k=5):
    """rows: (key, text, label, group or None); key names the row in the split files."""
    tune = rows if WHOLE else [r for r in rows if r[0] in ids(split + "_tune")]
    dev = [] if WHOLE else [r for r in rows if r[0] in ids(split + "_dev")]
    texts = np.array([r[1] for r in tune], dtype=object)
    y = np.array([r[2] for r in tune])
    groups = None if tune[0][3] is None else [r[3] for r in tune]
    if groups is None:
        fold = np.arange(len(y)) % k
    else:
        rank = {g: i for i, g in enumerate(sorted(set(groups)))}
        fold = np.array([rank[g] % k for g in groups])
    for balanced in (None, "balanced"):
        tag = "tfidf+lr" + (" bal" if balanced else "")
        s = np.zeros(len(y))
        for f in range(k):
            tr, te = fold != f, fold == f
            s[te] = fit_score(texts[tr], y[tr], texts[te], balanced)
        print(name, line(tag + (" cv-whole" if WHOLE else " cv"), y, s, groups))
        if dev:
            dy = np.array([r[2] for r in dev])
            ds = fit_score(texts, y, np.array([r[1] for r in dev], dtype=object), balanced)
            dg = None if groups is None else [r[3] for r in dev]
            print(name, line(tag + " dev", dy, ds, dg))


d = json.load(open(os.path.join(D, "claimbuster/claimbuster_train.json")))
run("claimbuster", [(str(x["sentence_id"]), x["text"], int(x["label"]), None) for x in d], "claimbuster_train")
r = list(csv.DictReader(open(os.path.join(D, "claimbuster/CT19-T1-Training.csv"))))
run("ct19", [(x["file_name"], x["text"], int(x["label"]), x["file_name"]) for x in r], "ct19_train")
g = list(csv.DictReader(open(os.path.join(D, "germeval2021/train.csv"), encoding="utf-8-sig")))
run("germeval", [(x["comment_id"], x["comment_text"], int(x["Sub3_FactClaiming"]), None) for x in g], "germeval2021_train")
