"""Builds a GraphQL request body: bench/body.py <file.graphql> [name=Type:id | name=value ...] —
a variable given as Type:id becomes CQS's opaque global id of that node; one without a type
(the peer's row ids) is sent as the string given."""
import base64, json, sys

query = open(sys.argv[1]).read()
variables = {}
for arg in sys.argv[2:]:
    name, value = arg.split("=", 1)
    variables[name] = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=") if ":" in value else value
print(json.dumps({"query": query, "variables": variables}))
