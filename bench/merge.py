"""Merges the oha JSON reports of parallel single-connection runs (W1): throughput adds up,
latency percentiles are taken over the runs (median of the p50s, highest p99)."""
import json, statistics, sys

reports = [json.load(open(path)) for path in sys.argv[1:]]
print(json.dumps({
    "summary": {
        "requestsPerSec": sum(r["summary"]["requestsPerSec"] for r in reports),
        "successRate": min(r["summary"]["successRate"] for r in reports),
    },
    "latencyPercentiles": {
        "p50": statistics.median(r["latencyPercentiles"]["p50"] for r in reports),
        "p99": max(r["latencyPercentiles"]["p99"] for r in reports),
    },
    "statusCodeDistribution": {
        code: sum(r["statusCodeDistribution"].get(code, 0) for r in reports)
        for code in {c for r in reports for c in r["statusCodeDistribution"]}
    },
}))
