#!/usr/bin/env python3
"""Once a second, how busy the machine is with work that is not this benchmark's.

usage: sampler.py ROOT_PID OUT [MAX_SECONDS=1200]
       sampler.py --wait-quiet ROOT_PID MAX_SECONDS

Each line of OUT: unix time, 1-minute load average, Maven builds running, CPU used in the last
second by processes other than ROOT_PID and its descendants (percent of one core; processes that
start and end within one sample are missed), and the command that used most of it. Reads only
/proc; stops after MAX_SECONDS or when killed.

--wait-quiet: returns (exit 0) once other processes have used under 15 % of one core in each of
5 consecutive seconds, or exits 1 after MAX_SECONDS.
"""
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def snapshot(root):
    """pid -> (cpu ticks, comm) for processes that are not root or one of its descendants."""
    procs, children = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
        except OSError:
            continue
        # comm is in parentheses and may hold spaces: split after the last ')'.
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
        procs[int(name)] = (utime + stime, comm)
        children.setdefault(ppid, []).append(int(name))
    todo = [root]
    while todo:
        pid = todo.pop()
        procs.pop(pid, None)
        todo.extend(children.get(pid, []))
    return procs


def maven_builds():
    n = 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/cmdline" % name, "rb") as f:
                    if b"plexus-classworlds" in f.read():
                        n += 1
            except OSError:
                pass
    return n


def other_cpu(prev, cur, me):
    """Percent of one core used by other processes between two snapshots, and the top command."""
    by_comm = {}
    for pid, (ticks, comm) in cur.items():
        if pid == me:
            continue
        delta = ticks - prev.get(pid, (0, comm))[0]  # a new process: all its ticks
        if delta > 0:
            by_comm[comm] = by_comm.get(comm, 0) + delta
    total = 100.0 * sum(by_comm.values()) / TICK
    top = max(by_comm, key=by_comm.get) if by_comm else "-"
    return total, top


def wait_quiet(root, limit):
    me = os.getpid()
    prev = snapshot(root)
    quiet = 0
    for _ in range(limit):
        time.sleep(1)
        cur = snapshot(root)
        total, _ = other_cpu(prev, cur, me)
        prev = cur
        quiet = quiet + 1 if total < 15 else 0
        if quiet >= 5:
            return 0
    return 1


def main():
    if sys.argv[1] == "--wait-quiet":
        sys.exit(wait_quiet(int(sys.argv[2]), int(sys.argv[3])))
    root, out = int(sys.argv[1]), sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 1200
    me = os.getpid()
    prev = snapshot(root)
    with open(out, "w", buffering=1) as f:
        for _ in range(limit):
            time.sleep(1)
            cur = snapshot(root)
            total, top = other_cpu(prev, cur, me)
            prev = cur
            with open("/proc/loadavg") as la:
                load = la.read().split()[0]
            f.write("%d %s %d %.0f %s\n" % (time.time(), load, maven_builds(), total, top.replace(" ", "_")))


if __name__ == "__main__":
    main()
