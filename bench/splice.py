"""Replaces the results between the markers of BENCHMARKS.md with the latest table."""
import sys

table, target = open(sys.argv[1]).read(), sys.argv[2]
text = open(target).read()
start, end = "<!-- results:start -->", "<!-- results:end -->"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(target, "w").write(f"{head}{start}\n{table}\n{end}{tail}")
