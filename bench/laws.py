#!/usr/bin/env python3
"""factdesk vs SQLite FTS5 vs ripgrep on the German federal laws corpus.

Called by bench/laws.sh (which installs ripgrep and builds the Rust driver). Splits
gesetze_de.jsonl.gz into one Markdown file per law in a temp dir, then measures for each
engine: build time (MB/s), warm query p50/p99 (with snippets), cold process time, index
size vs raw text, peak RSS while indexing (/usr/bin/time -v).
"""
import gzip
import json
import os
import re
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROUNDS = 5  # warm rounds over the 30 queries (one extra warm-up round is discarded)


def split_laws(gz_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    total = 0
    count = 0
    with gzip.open(gz_path, "rt", encoding="utf-8") as f:
        for line in f:
            law = json.loads(line)
            name = re.sub(r"[^A-Za-z0-9_.-]", "_", law["id"])
            text = law["text"]
            if not text.lstrip().startswith("# "):
                text = "# " + law["title"] + "\n\n" + text
            data = text.encode("utf-8")
            with open(os.path.join(out_dir, name + ".md"), "wb") as out:
                out.write(data)
            total += len(data)
            count += 1
    return count, total


def dir_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(path) for f in fs)


def peak_rss_mb(time_v_stderr):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_v_stderr)
    return int(m.group(1)) / 1024 if m else float("nan")


def cpu_seconds(time_v_stderr):
    user = re.search(r"User time \(seconds\): ([\d.]+)", time_v_stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", time_v_stderr)
    return float(user.group(1)) + float(system.group(1)) if user and system else float("nan")


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def timed_run(cmd):
    """Runs cmd under /usr/bin/time -v; returns (stdout, wall seconds, peak RSS MB, CPU s)."""
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"failed: {shlex.join(cmd)}\n{p.stderr[-2000:]}")
    return p.stdout, wall, peak_rss_mb(p.stderr), cpu_seconds(p.stderr)


def pct(values, p):
    values = sorted(values)
    k = max(1, -(-len(values) * p // 100))
    return values[int(k) - 1]


def load_queries(path):
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def fts5_match(q):
    if q.startswith('"') and q.endswith('"'):
        return q
    return " ".join('"%s"' % w.replace('"', "") for w in q.split())


# --- FTS5 (run as a child process so /usr/bin/time sees only its own memory) ------------------

def fts5_build(md_dir, db_path):
    if os.path.exists(db_path):
        os.remove(db_path)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("CREATE VIRTUAL TABLE laws USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
    start = time.perf_counter()
    with con:
        for name in sorted(os.listdir(md_dir)):
            with open(os.path.join(md_dir, name), encoding="utf-8") as f:
                text = f.read()
            first = text.lstrip().split("\n", 1)[0]
            con.execute("INSERT INTO laws(title, body) VALUES (?, ?)", (first.lstrip("# ").strip(), text))
    con.execute("INSERT INTO laws(laws) VALUES('optimize')")
    con.commit()
    con.close()
    print(json.dumps({"secs": time.perf_counter() - start}))


FTS5_SQL = ("SELECT rowid, title, snippet(laws, 1, '[', ']', '…', 24), bm25(laws) "
            "FROM laws WHERE laws MATCH ? ORDER BY bm25(laws) LIMIT 10")


def fts5_query(db_path, queries_path, rounds):
    con = sqlite3.connect(db_path)
    queries = load_queries(queries_path)
    times = []
    for r in range(rounds + 1):
        for q in queries:
            start = time.perf_counter()
            rows = con.execute(FTS5_SQL, (fts5_match(q),)).fetchall()
            ms = (time.perf_counter() - start) * 1000
            if r > 0:
                times.append(ms)
    print(json.dumps({"p50_ms": pct(times, 50), "p99_ms": pct(times, 99)}))


def fts5_cold(db_path, query):
    con = sqlite3.connect(db_path)
    con.execute(FTS5_SQL, (fts5_match(query),)).fetchall()


# --- ripgrep ---------------------------------------------------------------------------------

def rg_args(q, md_dir):
    if q.startswith('"') and q.endswith('"'):
        patterns = [q.strip('"')]
    else:
        patterns = q.split()
    args = ["rg", "-i", "-l", "-F"]
    for p in patterns:
        args += ["-e", p]
    return args + [md_dir]


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "fts5-build":
        return fts5_build(sys.argv[2], sys.argv[3])
    if len(sys.argv) >= 2 and sys.argv[1] == "fts5-query":
        return fts5_query(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    if len(sys.argv) >= 2 and sys.argv[1] == "fts5-cold":
        return fts5_cold(sys.argv[2], sys.argv[3])

    gz, driver, queries_path = sys.argv[1], sys.argv[2], sys.argv[3]
    factdesk_bin = sys.argv[4] if len(sys.argv) > 4 else None
    queries = load_queries(queries_path)
    work = tempfile.mkdtemp(prefix="factdesk-laws-")
    md = os.path.join(work, "md")
    docs, raw = split_laws(gz, md)
    raw_mb = raw / 1e6
    print(f"corpus: {docs} laws, {raw_mb:.1f} MB of Markdown in {md}")
    print(f"load average at start: {load_average()}")
    me = os.path.abspath(__file__)
    results = {}

    # factdesk
    fd_index = os.path.join(work, "fd-index")
    out, wall, rss, cpu = timed_run([driver, "index", md, fd_index])
    info = json.loads(out)
    warm = json.loads(subprocess.run([driver, "query", fd_index, queries_path, str(ROUNDS)],
                                     capture_output=True, text=True, check=True).stdout)
    colds = []
    for q in queries[:10]:
        start = time.perf_counter()
        subprocess.run([driver, "cold", fd_index, q], capture_output=True, check=True)
        colds.append((time.perf_counter() - start) * 1000)
    results["factdesk"] = dict(build_s=info["secs"], cpu=cpu, rss=rss, size=dir_size(fd_index),
                               p50=warm["p50_ms"], p99=warm["p99_ms"], cold=statistics.median(colds))
    print(f"factdesk: {info['passages']} passages; warm run: {json.dumps(warm)}")

    # What a user runs: `factdesk source add` on the folder, which also hashes, copies,
    # extracts and language-tags every file and commits in batches (cold page cache aside,
    # the same files as the index build above).
    add_s = add_rss = cli_cold = None
    if factdesk_bin:
        project = os.path.join(work, "project")
        env = dict(os.environ, FACTDESK_DATA_DIR=os.path.join(work, "data"),
                   FACTDESK_CONFIG_DIR=os.path.join(work, "config"))
        subprocess.run([factdesk_bin, "init", project], check=True, capture_output=True, env=env)
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", factdesk_bin, "--project", project, "source", "add", md],
                           capture_output=True, text=True, env=env)
        add_s = time.perf_counter() - start
        if p.returncode != 0:
            sys.exit(f"factdesk source add failed:\n{p.stderr[-2000:]}")
        add_rss = peak_rss_mb(p.stderr)
        add_cpu = cpu_seconds(p.stderr)
        print(f"factdesk source add: {add_s:.2f} s ({add_cpu:.1f} CPU s), peak RSS {add_rss:.0f} MB")
        # What a user waits for: a new `factdesk search` process answering one query.
        colds = []
        for q in queries[:10]:
            start = time.perf_counter()
            subprocess.run([factdesk_bin, "--project", project, "search", q], capture_output=True,
                           check=True, env=env)
            colds.append((time.perf_counter() - start) * 1000)
        cli_cold = statistics.median(colds)
        print(f"factdesk search, cold process: median {cli_cold:.1f} ms")

    # SQLite FTS5
    db = os.path.join(work, "laws.fts5.db")
    out, wall, rss, cpu = timed_run([sys.executable, me, "fts5-build", md, db])
    build_s = json.loads(out)["secs"]
    warm = json.loads(subprocess.run([sys.executable, me, "fts5-query", db, queries_path, str(ROUNDS)],
                                     capture_output=True, text=True, check=True).stdout)
    colds = []
    for q in queries[:10]:
        start = time.perf_counter()
        subprocess.run([sys.executable, me, "fts5-cold", db, q], capture_output=True, check=True)
        colds.append((time.perf_counter() - start) * 1000)
    results["fts5"] = dict(build_s=build_s, cpu=cpu, rss=rss, size=dir_size(db),
                           p50=warm["p50_ms"], p99=warm["p99_ms"], cold=statistics.median(colds))

    # The floor of any tantivy layout: one document per law like FTS5's rows, no stemming,
    # nothing stored (not a usable index for factdesk: no passages, no snippets).
    floor_index = os.path.join(work, "floor-index")
    out, wall, rss, cpu = timed_run([driver, "floor", md, floor_index])
    results["tantivy floor"] = dict(build_s=json.loads(out)["secs"], cpu=cpu, rss=rss,
                                    size=dir_size(floor_index), p50=float("nan"), p99=float("nan"),
                                    cold=float("nan"))

    # ripgrep: no index; every query is a full scan (file list only, no snippets)
    times = []
    for r in range(2):
        for q in queries:
            start = time.perf_counter()
            subprocess.run(rg_args(q, md), capture_output=True)
            if r > 0:
                times.append((time.perf_counter() - start) * 1000)
    results["ripgrep"] = dict(build_s=0.0, cpu=float("nan"), rss=float("nan"), size=0, p50=pct(times, 50),
                              p99=pct(times, 99), cold=pct(times, 50))

    print()
    print(f"{'engine':<13} {'build s':>8} {'CPU s':>6} {'MB/s':>7} {'peak RSS MB':>12} {'index MB':>9} {'size/raw':>9} "
          f"{'warm p50 ms':>12} {'warm p99 ms':>12} {'cold ms':>8}")
    for name, r in results.items():
        mbs = raw_mb / r["build_s"] if r["build_s"] else float("nan")
        print(f"{name:<13} {r['build_s']:>8.2f} {r['cpu']:>6.1f} {mbs:>7.1f} {r['rss']:>12.0f} {r['size']/1e6:>9.1f} "
              f"{r['size']/raw:>9.2f} {r['p50']:>12.3f} {r['p99']:>12.3f} {r['cold']:>8.1f}")
    fd, ft = results["factdesk"], results["fts5"]
    print()
    print("ratios and targets (factdesk vs FTS5; 'build' is the index build alone):")
    checks = [
        ("build speed factdesk/FTS5 (>= 1)", ft["build_s"] / fd["build_s"], ft["build_s"] / fd["build_s"] >= 1),
        ("warm p50 FTS5/factdesk (>= 10)", ft["p50"] / fd["p50"], ft["p50"] / fd["p50"] >= 10),
        ("warm p99 factdesk ms (<= 20)", fd["p99"], fd["p99"] <= 20),
        ("cold factdesk ms (<= 50)", fd["cold"], fd["cold"] <= 50),
        ("index size / raw text (<= 1)", fd["size"] / raw, fd["size"] <= raw),
        ("peak RSS indexing MB (<= 400)", fd["rss"], fd["rss"] <= 400),
        ("warm p50 ripgrep/factdesk", results["ripgrep"]["p50"] / fd["p50"], True),
        ("bare tantivy build / FTS5 build (floor)", ft["build_s"] / results["tantivy floor"]["build_s"], True),
    ]
    if add_s:
        checks.insert(1, ("source add speed factdesk/FTS5 (>= 1)", ft["build_s"] / add_s, ft["build_s"] / add_s >= 1))
        checks.append(("peak RSS source add MB (<= 400)", add_rss, add_rss <= 400))
        checks.append(("cold `factdesk search` ms (<= 50)", cli_cold, cli_cold <= 50))
    for label, value, ok in checks:
        print(f"  {label:<36} {value:>9.2f}  {'ok' if ok else 'MISSED'}")
    print(f"load average at end: {load_average()}")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
