#!/usr/bin/env python3
"""Whole-process runs of two commands, interleaved ABBA (bench/auth.sh, issue 11).

hyperfine runs all of one command's runs before the other's, so a change of the machine's load
between them lands on one side only. Here every round runs A and B back to back (order
alternating A,B / B,A), each after its own untimed prepare command, so the paired per-round
differences cancel slow drifts of the load. Commands run without a shell (shlex-split), output
to /dev/null; a non-zero exit fails the run.

usage: auth-interleave.py RUNS WARMUP OUT_JSON NAME_A PREP_A CMD_A NAME_B PREP_B CMD_B
"""
import json
import math
import os
import shlex
import statistics
import subprocess
import sys
import time


def timed(cmd):
    before = os.times()
    t0 = time.perf_counter()
    subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall * 1000, cpu * 1000


def prepare(cmd):
    subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, check=True)


def main():
    runs, warmup, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    a = dict(name=sys.argv[4], prep=sys.argv[5], cmd=sys.argv[6], wall=[], cpu=[])
    b = dict(name=sys.argv[7], prep=sys.argv[8], cmd=sys.argv[9], wall=[], cpu=[])
    for r in range(-warmup, runs):
        for side in ((a, b) if r % 2 == 0 else (b, a)):
            prepare(side["prep"])
            wall, cpu = timed(side["cmd"])
            if r >= 0:
                side["wall"].append(wall)
                side["cpu"].append(cpu)

    def summary(s):
        return dict(name=s["name"], command=s["cmd"], prepare=s["prep"], runs=len(s["wall"]),
                    mean=statistics.mean(s["wall"]), sd=statistics.stdev(s["wall"]),
                    median=statistics.median(s["wall"]), min=min(s["wall"]), max=max(s["wall"]),
                    cpu_mean=statistics.mean(s["cpu"]), wall=s["wall"], cpu=s["cpu"])

    sa, sb = summary(a), summary(b)
    diff = [y - x for x, y in zip(a["wall"], b["wall"])]
    cdiff = [y - x for x, y in zip(a["cpu"], b["cpu"])]
    se = statistics.stdev(diff) / math.sqrt(len(diff))
    cse = statistics.stdev(cdiff) / math.sqrt(len(cdiff))
    result = dict(a=sa, b=sb, diff_mean=statistics.mean(diff), diff_se=se,
                  ratio=sb["mean"] / sa["mean"], ratio_se=se / sa["mean"],
                  ratio_median=sb["median"] / sa["median"],
                  cpu_ratio=sb["cpu_mean"] / sa["cpu_mean"], cpu_ratio_se=cse / sa["cpu_mean"])
    with open(out, "w") as f:
        json.dump(result, f, indent=1)
    for s in (sa, sb):
        print(f"{s['name']}: {s['mean']:.1f} ± {s['sd']:.1f} ms (median {s['median']:.1f}, "
              f"min {s['min']:.1f}, max {s['max']:.1f}; CPU {s['cpu_mean']:.1f} ms), {s['runs']} runs")
    print(f"{sb['name']} - {sa['name']}, paired: {result['diff_mean']:+.2f} ± {se:.2f} ms (SE); "
          f"ratio of means {result['ratio']:.4f} ± {result['ratio_se']:.4f}; ratio of medians "
          f"{result['ratio_median']:.4f}; CPU ratio {result['cpu_ratio']:.4f} ± {result['cpu_ratio_se']:.4f}")


if __name__ == "__main__":
    main()
