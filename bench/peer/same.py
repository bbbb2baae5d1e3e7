"""Refuses to benchmark the peer on an answer that differs from CQS's: sends one read to CQS and
its spelling to PostGraphile, brings both to the same rows (titles, statuses, amounts in
centimes, currencies, carrier and partner names, in order) and exits non-zero on any difference.

bench/peer/same.py SCENARIO CQS_URL TOKEN CQS_BODY PEER_URL PEER_BODY"""
import json, sys, urllib.request
from decimal import Decimal

scenario, cqs_url, token, cqs_body, peer_url, peer_body = sys.argv[1:7]


def post(url, body, headers):
    request = urllib.request.Request(url, data=body.encode(), headers={
        "content-type": "application/json", "accept": "application/json", **headers})
    with urllib.request.urlopen(request) as response:
        answer = json.loads(response.read())
    if answer.get("errors") or not answer.get("data"):
        sys.exit(f"{scenario}: {url} answered {json.dumps(answer)[:500]}")
    return answer["data"]


def centimes(amount):
    """CQS says "1234.50", PostGraphile the stored centimes "123450"; None stays None."""
    if amount is None:
        return None
    return int(Decimal(amount) * 100) if "." in str(amount) else int(amount)


def cqs_project(p):
    return (p["title"], p["status"], centimes(p["totalCost"]["amount"]), p["totalCost"]["currency"],
            p["carrier"]["name"],
            [(centimes(c["amount"]["amount"]) if c["amount"] else None,
              c["amount"]["currency"] if c["amount"] else None, c["partner"]["name"])
             for c in p["commitments"]["nodes"]])


def peer_project(p):
    return (p["title"], p["status"], centimes(p["totalCost"]), p["currency"],
            p["organizationByCarrierId"]["name"],
            [(centimes(c["amount"]), c["currency"] if c["amount"] is not None else None,
              c["partnerByPartnerId"]["name"])
             for c in p["commitmentsByProjectId"]["nodes"]])


def rows(scenario, cqs, peer):
    if scenario == "q1":
        return ([cqs_project(p) for p in cqs["projects"]["nodes"]],
                [peer_project(p) for p in peer["allProjects"]["nodes"]])
    if scenario == "q2":
        return [cqs_project(cqs["node"])], [peer_project(peer["projectById"])]
    if scenario == "q3":
        return ([(r["partner"]["name"], centimes(r["committed"]["amount"])) for r in cqs["stats"]["byPartner"]],
                [(r["name"], centimes(r["committed"])) for r in peer["committedByPartner"]["nodes"]])
    sys.exit(f"{scenario}: no peer spelling")


ours, theirs = rows(scenario,
                    post(cqs_url, cqs_body, {"authorization": f"Bearer {token}"}),
                    post(peer_url, peer_body, {}))
if not ours:
    sys.exit(f"{scenario}: CQS answered no rows; nothing to compare")
if ours != theirs:
    first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    sys.exit(f"{scenario}: PostGraphile's answer differs from CQS's ({len(ours)} rows against {len(theirs)}); "
             f"first difference at row {first}:\n  CQS:          {ours[first] if first < len(ours) else None}\n"
             f"  PostGraphile: {theirs[first] if first < len(theirs) else None}")
nested = sum(len(r[5]) for r in ours) if scenario != "q3" else 0
print(f"{scenario}: PostGraphile answers the same {len(ours)} rows"
      + (f" and {nested} commitments" if nested else "") + " as CQS", file=sys.stderr)
