#!/bin/bash
# The center's work, read through the planner and through the resolvers: each example document
# of that work (examples/funding-search.graphql, accompaniment.graphql, events.graphql) against
# two release `cqs serve --demo` on one fresh database, one with the planner and one with
# CQS_PLANNER=false, driven by oha over loopback (16 connections, closed loop, after a warm-up),
# the two servers in turn. Prints, per example, SQL statements per request (from /metrics) and
# requests per second on each, and the ratio. Figures on a shared machine are noisy: compare the
# ratios of one run.
#   Usage: bench/work/demo.sh sqlite|postgres [seconds per run]
# (PostgreSQL at 127.0.0.1:5432, database cqs_work dropped and made again; needs
# `cargo build --release` first, and oha: bench/run installs it under bench/.tools.)
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:?sqlite or postgres}
SECONDS_PER_RUN=${2:-5}
BIN=target/release/cqs
PATH=$PWD/bench/.tools/bin:$PATH
command -v oha >/dev/null || { echo "oha is missing: cargo install oha --locked --root bench/.tools" >&2; exit 1; }
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$WORK"' EXIT
if [ "$backend" = sqlite ]; then
  URL="sqlite://$WORK/cqs.db?mode=rwc"
else
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS cqs_work WITH (FORCE)" -c "CREATE DATABASE cqs_work"
  URL=postgres://postgres@127.0.0.1:5432/cqs_work
fi
export CQS_JWT_SECRET=benchmark-secret-of-at-least-thirty-two-bytes RUST_LOG=warn \
  CQS_RATE_LIMIT_ANONYMOUS=0 CQS_RATE_LIMIT_AUTHENTICATED=0 CQS_DATABASE_URL=$URL

serve() { # serve PORT PLANNER: a server on PORT, ready when this returns
  CQS_BIND=127.0.0.1:$1 CQS_PLANNER=$2 $BIN serve --demo >"$WORK/server-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return; sleep 0.2; done
  echo "the server on port $1 did not start" >&2; cat "$WORK/server-$1.log" >&2; exit 1
}
serve 18091 true # seeds the demo
serve 18092 false

statements() { # statements PORT: the SQL statements the server has run so far (0 before any)
  curl -s "http://127.0.0.1:$1/metrics" | awk '/^cqs_sql_statements_total/ { n = $2 } END { print n + 0 }'
}
per_request() { # per_request PORT BODY: statements one request runs
  local before after
  before=$(statements "$1")
  curl -sf "http://127.0.0.1:$1/graphql" -H 'content-type: application/json' -d @"$2" >/dev/null
  after=$(statements "$1")
  echo $((${after%.*} - ${before%.*}))
}
rate() { # rate PORT BODY SECONDS: requests per second, every answer a 200
  oha --no-tui --output-format json -c 16 -z "${3}s" -m POST -H 'content-type: application/json' \
    -D "$2" "http://127.0.0.1:$1/graphql" >"$WORK/oha.json"
  python3 - "$WORK/oha.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1]))
codes = report.get("statusCodeDistribution", {})
if set(codes) - {"200"}:
    sys.exit(f"answers other than 200: {codes}")
print(round(report["summary"]["requestsPerSec"]))
EOF
}

echo "| example ($backend) | statements planned | statements resolved | req/s planned | req/s resolved | ratio |"
echo "|---|---:|---:|---:|---:|---:|"
for example in funding-search accompaniment events; do
  body=$WORK/$example.json
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read()}))' "examples/$example.graphql" >"$body"
  planned_statements=$(per_request 18091 "$body")
  resolved_statements=$(per_request 18092 "$body")
  rate 18091 "$body" 2 >/dev/null
  rate 18092 "$body" 2 >/dev/null
  planned=$(rate 18091 "$body" "$SECONDS_PER_RUN")
  resolved=$(rate 18092 "$body" "$SECONDS_PER_RUN")
  ratio=$(python3 -c "print(f'{$planned / $resolved:.2f}×')")
  echo "| $example | $planned_statements | $resolved_statements | $planned | $resolved | $ratio |"
done
