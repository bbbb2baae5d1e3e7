"""Server CPU time, from /proc: utime + stime (fields 14 and 15 of /proc/PID/stat, in clock
ticks) of a server process and of every process under it (a cluster's workers).

bench/cpu.py PID                       prints the ticks used so far
bench/cpu.py PID BEFORE OHA_REPORT     prints, as JSON, the ticks used since BEFORE, the requests
                                       the load generator completed, and the CPU ms per request"""
import json, os, sys


def stat(pid):
    text = open(f"/proc/{pid}/stat").read()
    # The command name (field 2) may hold spaces: the fields after it start past its ')'.
    fields = text[text.rindex(")") + 2:].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])  # ppid (4), utime (14) + stime (15)


def ticks(root):
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = stat(entry)
            except (FileNotFoundError, ProcessLookupError):
                pass  # gone between the listing and the read
    tree, total, grew = {root}, 0, True
    while grew:
        grew = False
        for pid, (ppid, _) in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(parents[pid][1] for pid in tree if pid in parents)


pid = int(sys.argv[1])
if len(sys.argv) == 2:
    print(ticks(pid))
else:
    used = ticks(pid) - int(sys.argv[2])
    report = json.load(open(sys.argv[3]))
    requests = sum(report.get("statusCodeDistribution", {}).values())
    # No request completed within the run (each slower than the run): the figure is unknown.
    per_request = used * 1000 / os.sysconf("SC_CLK_TCK") / requests if requests else None
    print(json.dumps({"cpu_ticks": used, "requests": requests, "cpu_ms_per_request": per_request}))
