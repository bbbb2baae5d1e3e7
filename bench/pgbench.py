"""Turns a pgbench run (its summary and its per-transaction logs) into the floor's figures."""
import json, re, sys

summary = open(sys.argv[1]).read()
tps = float(re.search(r"tps = ([0-9.]+)", summary).group(1))
failed = re.search(r"number of failed transactions: (\d+)", summary)
assert not failed or failed.group(1) == "0", summary
latencies = sorted(
    int(line.split()[2]) / 1000.0 for path in sys.argv[2:] for line in open(path) if line.strip()
)
pct = lambda p: latencies[int((len(latencies) - 1) * p)] if latencies else 0.0
print(json.dumps({"rps": tps, "p50_ms": pct(0.5), "p99_ms": pct(0.99), "requests": len(latencies)}))
