"""Sends one request and refuses to benchmark an error: HTTP 200, `data`, no `errors`.
Also records how many SQL statements the server ran for it (from /metrics)."""
import json, sys, urllib.request

base, token, body, name, out = sys.argv[1:6]
metrics_url = base.replace("/graphql", "/metrics")

def statements():
    for line in urllib.request.urlopen(metrics_url).read().decode().splitlines():
        if line.startswith("cqs_sql_statements_total"):
            return float(line.split()[-1])
    return 0.0

def send():
    request = urllib.request.Request(base, data=body.encode(), headers={
        "content-type": "application/json", "accept": "application/json", "authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200, f"{name}: HTTP {response.status}"
        answer = json.loads(response.read())
    assert "errors" not in answer, f"{name}: {answer['errors']}"
    assert answer.get("data"), f"{name}: no data"
    payload = json.dumps(answer["data"])
    assert '"userErrors": [{' not in payload, f"{name}: {payload[:300]}"
    return answer

send()  # the first call warms the caches
before = statements()
send()
after = statements()
# The login token's user is loaded once per request: counted like any statement.
json.dump({"statements": after - before}, open(out, "w"))
print(f"{name}: ok, {after - before:.0f} SQL statements per request", file=sys.stderr)
