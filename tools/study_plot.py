#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
"""The plots of a study (tools/study.py runs this under .venv/bin/python, with matplotlib).

    tools/study_plot.py DIR PARAM[,PARAM...]

Reads DIR/results.csv and writes, printing each path:
  DIR/mpki.png        misses per 1,000 instructions of each TLB level against the L2 TLB's
                      entries (L2Sets x L2Ways) when the study sweeps them, else against the
                      first swept parameter; one line per trace and per value of the others
  DIR/walks.png       memory references per walk against the same axis (the PSC sizes show
                      as separate lines when swept)
  DIR/cycles.png      cycles per access, for the points run on rtl (when there are any)
The fast model's points are lines; the rtl points are drawn over them as open circles, so
that the agreement (or not) is visible.
"""
import csv
import os
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def main(out, params):
    with open(os.path.join(out, "results.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit("study_plot: %s/results.csv has no rows" % out)
    l2 = "L2Sets" in params or "L2Ways" in params

    def x_of(r):
        if l2:
            return float(r["l2_entries"])
        return num(r.get(params[0])) if params else 0.0
    xlabel = "L2 TLB entries" if l2 else (params[0] if params else "point")
    others = [p for p in params if p not in ("L2Sets", "L2Ways")] if l2 else params[1:]

    def series(backend):
        groups = {}
        for r in rows:
            if r["backend"] != backend:
                continue
            key = (r["trace"],) + tuple("%s=%s" % (p, r[p]) for p in others)
            groups.setdefault(key, []).append(r)
        return {k: sorted(v, key=x_of) for k, v in groups.items()}

    fast = "tlbmodel" if any(r["backend"] == "tlbmodel" for r in rows) else "rtl"
    lines, rtl = series(fast), series("rtl") if fast != "rtl" else {}
    written = []

    def finish(fig, name):
        path = os.path.join(out, name)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    for ax, lvl in zip(axes, ("itlb", "dtlb", "l2tlb")):
        for key, rs in lines.items():
            ax.plot([x_of(r) for r in rs], [num(r[lvl + "_mpki"]) for r in rs], marker=".", label=" ".join(key))
        for key, rs in rtl.items():
            ax.plot([x_of(r) for r in rs], [num(r[lvl + "_mpki"]) for r in rs], "o", mfc="none", color="k")
        ax.set_title("%s misses per 1,000 instructions" % lvl)
        ax.set_xlabel(xlabel)
        if l2 or params:
            ax.set_xscale("log", base=2)
    axes[0].legend(fontsize=7)
    finish(fig, "mpki.png")

    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for key, rs in lines.items():
        ax.plot([x_of(r) for r in rs], [num(r["mem_refs_per_walk"]) for r in rs], marker=".", label=" ".join(key))
    for key, rs in rtl.items():
        ax.plot([x_of(r) for r in rs], [num(r["mem_refs_per_walk"]) for r in rs], "o", mfc="none", color="k")
    ax.set_title("memory references per walk")
    ax.set_xlabel(xlabel)
    if l2 or params:
        ax.set_xscale("log", base=2)
    ax.legend(fontsize=7)
    finish(fig, "walks.png")

    rtl_rows = [r for r in rows if r["backend"] == "rtl" and num(r["cycles_per_access"])]
    if rtl_rows:
        fig, ax = plt.subplots(figsize=(6.5, 4.2))
        for key, rs in series("rtl").items():
            ax.plot([x_of(r) for r in rs], [num(r["cycles_per_access"]) for r in rs], marker="o", label=" ".join(key))
        ax.set_title("rtl: cycles per access")
        ax.set_xlabel(xlabel)
        ax.legend(fontsize=7)
        finish(fig, "cycles.png")
    print("\n".join(written))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: tools/study_plot.py DIR PARAM[,PARAM...]")
    main(sys.argv[1], [p for p in sys.argv[2].split(",") if p])
