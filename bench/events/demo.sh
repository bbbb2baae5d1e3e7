#!/bin/bash
# The events step of bench/run on its own: bench/events/events.mjs against a release
# `cqs serve --demo` just started on a fresh database, for a quick measure of events per second
# delivered to 100 subscribers.  Usage: bench/events/demo.sh sqlite|postgres [seconds]
# (PostgreSQL at 127.0.0.1:5432, database cqs_events dropped and made again; needs
# `cargo build --release` first).
set -e
cd "$(dirname "$0")/../.."
backend=${1:?sqlite or postgres}
ROOT_TMP=$(mktemp -d)
BIN=target/release/cqs
PORT=18080
WS=bench/.tools/ws-client
if [ ! -d $WS/node_modules/graphql-ws ]; then
  rm -rf $WS && mkdir -p $WS && cp tests/ws-client/package.json tests/ws-client/package-lock.json $WS/ && (cd $WS && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
fi
cp bench/events/events.mjs $WS/
if [ "$backend" = sqlite ]; then URL="sqlite://$ROOT_TMP/cqs.db?mode=rwc";
else psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS cqs_events" -c "CREATE DATABASE cqs_events"; URL=postgres://postgres@127.0.0.1:5432/cqs_events; fi
export CQS_JWT_SECRET=benchmark-secret-of-at-least-thirty-two-bytes RUST_LOG=warn CQS_RATE_LIMIT_ANONYMOUS=0 CQS_RATE_LIMIT_AUTHENTICATED=0 CQS_WS_MAX_CONNECTIONS_PER_TOKEN=1000 CQS_WS_MAX_CONNECTIONS=1000
CQS_DATABASE_URL=$URL CQS_BIND=127.0.0.1:$PORT $BIN serve --demo > "$ROOT_TMP/server.log" 2>&1 &
SERVER=$!
trap "kill $SERVER; rm -rf $ROOT_TMP" EXIT
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.2; done
echo "long enough bench password" | CQS_DATABASE_URL=$URL $BIN user create --email bench@cqs.example.ma --display-name Bench --role ADMIN >/dev/null
TOKEN=$(curl -s http://127.0.0.1:$PORT/graphql -H 'content-type: application/json' -d '{"query":"mutation { login(input: {email: \"bench@cqs.example.ma\", password: \"long enough bench password\"}) { token } }"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["token"])')
PROJECT=$(curl -s http://127.0.0.1:$PORT/graphql -H 'content-type: application/json' -d '{"query":"{ projects(first: 1, filter: {status: [IN_PROGRESS]}) { nodes { id } } }"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["projects"]["nodes"][0]["id"])')
node $WS/events.mjs http://127.0.0.1:$PORT/graphql ws://127.0.0.1:$PORT/graphql/ws "$TOKEN" "$PROJECT" 100 4 ${2:-3}
