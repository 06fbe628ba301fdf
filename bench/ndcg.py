#!/usr/bin/env python3
"""nDCG@10 and Recall@100 of a TREC run (trec_eval conventions, as factdesk_index::eval),
over the queries of a split file (one id per line) that have a relevant document.

usage: ndcg.py RUN QRELS SPLIT_IDS"""
import math
import sys
from collections import defaultdict

run_path, qrels_path, split_path = sys.argv[1:4]
split = {l.strip() for l in open(split_path) if l.strip()}
qrels = defaultdict(dict)
for n, line in enumerate(open(qrels_path)):
    cols = line.split()
    if len(cols) == 4:
        cols = [cols[0], cols[2], cols[3]]
    if len(cols) != 3 or not cols[2].lstrip("-").isdigit():
        continue
    qrels[cols[0]][cols[1]] = int(cols[2])
run = defaultdict(list)
for line in open(run_path):
    q, _, d, rank, score, _ = line.split()
    run[q].append((int(rank), d))
ndcg = recall = 0.0
count = 0
for q, judged in qrels.items():
    if q not in split or not any(g > 0 for g in judged.values()):
        continue
    count += 1
    ranking = [d for _, d in sorted(run.get(q, []))]
    dcg = sum(max(judged.get(d, 0), 0) / math.log2(i + 2) for i, d in enumerate(ranking[:10]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    ndcg += dcg / idcg
    rel = [d for d, g in judged.items() if g > 0]
    recall += sum(1 for d in ranking[:100] if judged.get(d, 0) > 0) / len(rel)
print(f"queries {count}  nDCG@10 {ndcg / max(count, 1):.4f}  Recall@100 {recall / max(count, 1):.4f}")
