"""TF-IDF + logistic regression baseline on the same folds as cw_cv.rs.

Needs scikit-learn. python3 examples/cw_baseline.py [DATA_DIR]
Folds: example i -> i % 5 in file order; CheckThat! 2019: debates sorted by
file name, debate k -> k % 5. Reports the plain baseline (scikit-learn
defaults, threshold 0.5) and a class-balanced variant.
"""
import csv, json, os, sys
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score

D = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")


def ap(y, s):
    # Same definition as the Rust metric: precision at each positive's rank.
    order = np.argsort(-s, kind="stable")
    hits, total = 0, 0.0
    for rank, i in enumerate(order, 1):
        if y[i]:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


def run(name, texts, y, groups=None, k=5):
    texts, y = np.array(texts, dtype=object), np.array(y)
    if groups is None:
        fold = np.arange(len(y)) % k
    else:
        rank = {g: i for i, g in enumerate(sorted(set(groups)))}
        fold = np.array([rank[g] % k for g in groups])
    for balanced in (None, "balanced"):
        s = np.zeros(len(y))
        for f in range(k):
            tr, te = fold != f, fold == f
            v = TfidfVectorizer()
            m = LogisticRegression(max_iter=1000, class_weight=balanced).fit(v.fit_transform(texts[tr]), y[tr])
            s[te] = m.predict_proba(v.transform(texts[te]))[:, 1]
        p = s >= 0.5
        line = f"  {'tfidf+lr' + (' bal' if balanced else ''):<14} F1 {f1_score(y, p):.3f}  P {precision_score(y, p, zero_division=0):.3f}  R {recall_score(y, p):.3f}  AP {ap(y, s):.3f}"
        if groups is not None:
            g = np.array(groups)
            line += f"  MAP {np.mean([ap(y[g == x], s[g == x]) for x in sorted(set(groups)) if y[g == x].any()]):.3f}"
        print(name, line)


d = json.load(open(os.path.join(D, "claimbuster/claimbuster_train.json")))
run("claimbuster", [x["text"] for x in d], [int(x["label"]) for x in d])
r = list(csv.DictReader(open(os.path.join(D, "claimbuster/CT19-T1-Training.csv"))))
run("ct19", [x["text"] for x in r], [int(x["label"]) for x in r], [x["file_name"] for x in r])
g = list(csv.DictReader(open(os.path.join(D, "germeval2021/train.csv"))))
run("germeval", [x["comment_text"] for x in g], [int(x["Sub3_FactClaiming"]) for x in g])
