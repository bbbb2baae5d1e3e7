"""Medians of the interleaved runs, as Markdown: for each scale and backend, each scenario's
requests per second for the raw-SQL floor, CQS and the peer (PostGraphile, PostgreSQL only),
their ratios, latencies, server CPU per request, statements per request, memory, start-up and
seed time; then, when several scales ran, how each read's cost grows with the data.

bench/report.py RESULTS DURATION RUNS SCALE..."""
import glob, json, os, statistics, sys

results, duration, runs, scales = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
load = lambda path: json.load(open(path))
SCENARIOS = [
    ("q1", "Q1 nested list: 50 projects with carrier and commitments/partner"),
    ("q2", "Q2 one project by id with the same fields"),
    ("q2s", "Q2s the same, by one client at a time (1 connection)"),
    ("q3", "Q3 committed per partner (stats.byPartner)"),
    ("q4", "Q4 full dashboard (every stats field)"),
    ("q5", "Q5 a partner's commitments with updatedSince"),
    ("w1", "W1 createCommitment, 16 connections, distinct projects"),
    ("w2", "W2 createCommitment, 16 connections, one project"),
]
BACKENDS = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
PROJECTS_PER_SCALE = 10_000


def median(values):
    values = list(values)
    return statistics.median(values) if values else None


def http(raw, backend, s, server):
    """An HTTP server's medians (oha reports): req/s, p50, p99, CPU ms per request."""
    paths = sorted(p for p in glob.glob(f"{raw}/{backend}-{s}-{server}-*.json") if not p.endswith(".cpu.json"))
    if not paths:
        return None
    reports = [load(p) for p in paths]
    for path, r in zip(paths, reports):
        codes = r.get("statusCodeDistribution", {})
        assert set(codes) <= {"200"}, f"{path}: non-200 answers {codes}"
        # A run where no request finished in time has no success rate: it reports 0 req/s.
        assert codes == {} or r["summary"]["successRate"] == 1.0, f"{path}: failed requests"
    cpu = [c for p in paths if os.path.exists(p[: -len(".json")] + ".cpu.json")
           if (c := load(p[: -len(".json")] + ".cpu.json")["cpu_ms_per_request"]) is not None]
    done = [r for r in reports if r.get("statusCodeDistribution")]
    return {"rps": median(r["summary"]["requestsPerSec"] for r in reports),
            "p50": median(r["latencyPercentiles"]["p50"] * 1000 for r in done),
            "p99": median(r["latencyPercentiles"]["p99"] * 1000 for r in done),
            "cpu": median(cpu)}


def floor(raw, backend, s):
    reports = [load(p) for p in sorted(glob.glob(f"{raw}/{backend}-{s}-floor-*.json"))]
    if not reports:
        return None
    return {"rps": median(r["rps"] for r in reports), "p50": median(r["p50_ms"] for r in reports),
            "p99": median(r["p99_ms"] for r in reports)}


def figure(value, digits=0):
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a, b, percent=True):
    if not a or not b or not b["rps"]:
        return "—"
    return f"{100 * a['rps'] / b['rps']:.0f}%" if percent else f"{a['rps'] / b['rps']:.2f}×"


def measured(raw, backend):
    """Every scenario this backend ran at this scale: (key, title, floor, CQS, peer)."""
    rows = []
    for s, title in SCENARIOS:
        api = http(raw, backend, s, "api")
        if api:
            rows.append((s, title, floor(raw, backend, s), api, http(raw, backend, s, "peer")))
    return rows


def section(raw, backend, scale):
    rows = measured(raw, backend)
    if not rows:
        return
    peer = any(r[4] for r in rows)
    print(f"### {BACKENDS[backend]}, scale {scale} ({int(scale) * PROJECTS_PER_SCALE:,} projects)\n")
    head = "| scenario | floor req/s | CQS req/s |" + (" PostGraphile req/s |" if peer else "")
    head += " CQS / floor |" + (" PostGraphile / floor | CQS / PostGraphile |" if peer else "")
    print(head)
    print("|---|" + "---:|" * (head.count("|") - 2))
    for s, title, f, a, p in rows:
        line = f"| {title} | {figure(f and f['rps'])} | {figure(a['rps'])} |" + (f" {figure(p and p['rps'])} |" if peer else "")
        line += f" {ratio(a, f)} |" + (f" {ratio(p, f)} | {ratio(a, p, percent=False)} |" if peer else "")
        print(line)
    print()
    head = "| scenario | p50 ms floor | p50 ms CQS |" + (" p50 ms PostGraphile |" if peer else "")
    head += " p99 ms floor | p99 ms CQS |" + (" p99 ms PostGraphile |" if peer else "")
    head += " CPU ms / request CQS |" + (" CPU ms / request PostGraphile |" if peer else "") + " SQL statements / request (CQS) |"
    print(head)
    print("|---|" + "---:|" * (head.count("|") - 2))
    for s, title, f, a, p in rows:
        path = f"{raw}/{backend}-{s}-statements.json"
        statements = f"{load(path)['statements']:.0f}" if os.path.exists(path) else ("as W2" if s == "w1" else "—")
        line = f"| {title.split(' ')[0]} | {figure(f and f['p50'], 1)} | {figure(a['p50'], 1)} |" + (f" {figure(p and p['p50'], 1)} |" if peer else "")
        line += f" {figure(f and f['p99'], 1)} | {figure(a['p99'], 1)} |" + (f" {figure(p and p['p99'], 1)} |" if peer else "")
        line += f" {figure(a['cpu'], 2)} |" + (f" {figure(p and p['cpu'], 2)} |" if peer else "") + f" {statements} |"
        print(line)
    if not os.path.exists(f"{raw}/{backend}-memory.json"):
        print("\nThis run stopped before its end: no memory or start-up figures.\n")
        return
    memory = load(f"{raw}/{backend}-memory.json")
    peer_memory = f"{raw}/{backend}-peer-memory.json"
    startups = [load(p)["startup_ms"] for p in sorted(glob.glob(f"{raw}/{backend}-startup-*.json"))]
    seed = open(f"{raw}/{backend}-seed.txt").read().strip()
    seconds = load(f"{raw}/{backend}-seed.json")["seconds"]
    rss = f"CQS {memory['VmHWM'] / 1024:.1f} MB"
    if os.path.exists(peer_memory):
        rss += f", PostGraphile {load(peer_memory)['VmHWM'] / 1024:.1f} MB"
    events = f"{raw}/{backend}-events.json"
    if os.path.exists(events):
        e = load(events)
        print(f"\nEvents to {e['subscribers']} subscribers (`commitmentChanged`, each its own socket, the npm "
              f"graphql-ws client): {e['events_per_second']:,.0f} events delivered per second "
              f"({e['writes']} writes by {e['writers']} HTTP writers, {e['writes_per_second']:.0f} writes/s, "
              f"every write heard by every subscriber; last delivery {e['drain_ms']:.0f} ms after the last write).")
    print(f"\nPeak RSS of the servers under load (VmHWM): {rss}. "
          f"Start-up to a ready /readyz on the existing database: {startups[-1]} ms (first start {startups[0]} ms). "
          f"Seed: {seed} ({seconds:.1f} s wall clock, `cqs seed synthetic --scale {scale}`).\n")


def growth():
    """Each read at the first scale and at the last: how its cost grows with the data."""
    first, last = scales[0], scales[-1]
    raw_first, raw_last = f"{results}/scale-{first}", f"{results}/scale-{last}"
    print(f"### Growth with the data: scale {first} → scale {last}\n")
    print(f"| read | backend | server | req/s scale {first} | req/s scale {last} | scale {last} / scale {first} | p50 ms scale {first} | p50 ms scale {last} |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for backend, name in BACKENDS.items():
        for s, title in SCENARIOS:
            for server, label in (("floor", "floor"), ("api", "CQS"), ("peer", "PostGraphile")):
                get = (lambda raw: floor(raw, backend, s)) if server == "floor" else (lambda raw: http(raw, backend, s, server))
                a, b = get(raw_first), get(raw_last)
                if a and b:
                    print(f"| {title.split(' ')[0]} | {name} | {label} | {a['rps']:.0f} | {b['rps']:.0f} | "
                          f"{ratio(b, a)} | {figure(a['p50'], 1)} | {figure(b['p50'], 1)} |")
    print()


print(f"Runs: {runs} interleaved runs of {duration} s per scenario (floor, CQS, PostGraphile in turn), "
      "16 connections (Q2s: 1), medians. CPU ms / request: the server process's utime + stime over the run, "
      "divided by the requests it completed.\n")
for scale in scales:
    for backend in BACKENDS:
        section(f"{results}/scale-{scale}", backend, scale)
if len(scales) > 1:
    growth()
