"""Medians of the interleaved runs, as a Markdown table: each scenario on each backend, its
ratio to the raw-SQL floor, memory, statements per request and start-up time."""
import glob, json, os, statistics, sys

raw, duration, runs = sys.argv[1], sys.argv[2], sys.argv[3]
load = lambda path: json.load(open(path))
SCENARIOS = [
    ("q1", "Q1 nested list: 50 projects with carrier and commitments/partner"),
    ("q2", "Q2 one project by node(id:) with the same fields"),
    ("q3", "Q3 stats { byPartner { partner { name } committed } }"),
    ("q4", "Q4 full dashboard (every stats field)"),
    ("q5", "Q5 a partner's commitments with updatedSince"),
    ("w1", "W1 createCommitment, 16 connections, distinct projects"),
    ("w2", "W2 createCommitment, 16 connections, one project"),
]

def api(backend, s):
    reports = [load(p) for p in sorted(glob.glob(f"{raw}/{backend}-{s}-api-*.json"))]
    for r in reports:
        codes = r.get("statusCodeDistribution", {})
        assert set(codes) <= {"200"}, f"{backend} {s}: non-200 answers {codes}"
        assert r["summary"]["successRate"] == 1.0, f"{backend} {s}: failed requests"
    return (statistics.median(r["summary"]["requestsPerSec"] for r in reports),
            statistics.median(r["latencyPercentiles"]["p50"] * 1000 for r in reports),
            statistics.median(r["latencyPercentiles"]["p99"] * 1000 for r in reports))

def floor(backend, s):
    reports = [load(p) for p in sorted(glob.glob(f"{raw}/{backend}-{s}-floor-*.json"))]
    return (statistics.median(r["rps"] for r in reports),
            statistics.median(r["p50_ms"] for r in reports),
            statistics.median(r["p99_ms"] for r in reports))

print(f"Runs: {runs} interleaved runs of {duration} s per scenario, 16 connections, medians.\n")
for backend in ("postgres", "sqlite"):
    if not glob.glob(f"{raw}/{backend}-q1-api-*.json"):
        continue
    print(f"### {'PostgreSQL' if backend == 'postgres' else 'SQLite'}\n")
    print("| scenario | req/s | p50 ms | p99 ms | floor req/s | floor p50 ms | floor p99 ms | ratio to floor | SQL statements / request |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s, title in SCENARIOS:
        a, f = api(backend, s), floor(backend, s)
        statements = f"{load(p)['statements']:.0f}" if os.path.exists(p := f"{raw}/{backend}-{s}-statements.json") else ("as W2" if s == "w1" else "—")
        print(f"| {title} | {a[0]:.0f} | {a[1]:.1f} | {a[2]:.1f} | {f[0]:.0f} | {f[1]:.1f} | {f[2]:.1f} | {100 * a[0] / f[0]:.0f}% | {statements} |")
    memory = load(f"{raw}/{backend}-memory.json")
    startups = [load(p)["startup_ms"] for p in sorted(glob.glob(f"{raw}/{backend}-startup-*.json"))]
    seed = open(f"{raw}/{backend}-seed.txt").read().strip()
    print(f"\nPeak RSS of the server under load: {memory['VmHWM'] / 1024:.1f} MB (VmHWM). "
          f"Start-up to a ready /readyz on the existing database: {startups[-1]} ms (first start {startups[0]} ms). "
          f"Seed: {seed}.\n")
