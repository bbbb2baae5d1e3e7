"""Reads a GraphQL response listing nodes and prints their row ids, one per line."""
import base64, json, sys

for node in json.load(sys.stdin)["data"]["projects"]["nodes"]:
    raw = node["id"] + "=" * (-len(node["id"]) % 4)
    print(base64.urlsafe_b64decode(raw).decode().split(":")[1])
