"""Builds a GraphQL request body: bench/body.py <file.graphql> [name=Type:id ...] — each
variable given as Type:id becomes the opaque global id of that node."""
import base64, json, sys

query = open(sys.argv[1]).read()
variables = {}
for arg in sys.argv[2:]:
    name, value = arg.split("=", 1)
    variables[name] = base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")
print(json.dumps({"query": query, "variables": variables}))
