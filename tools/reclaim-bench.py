#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
"""Memory-pressure benchmarks of the kernel model.

1. Fault latency (minor read, minor write, major = swap-in) and reclaim throughput, timed
   in-process by build/rel/bench_reclaim (no process start-up or parsing in the figures;
   median of several runs), per backend.
2. Faults per 1000 accesses of a working-set workload as physical memory shrinks, counted
   by build/rel/openmmu --stats (counts, not times: start-up does not matter), per backend.
   On ref the clock sees every access's A bit; on rtl a TLB hit does not set A again once
   the clock cleared it, so the clock sees the hot pages less well (as on real x86).

Usage: tools/reclaim-bench.py [--plot] [--backends ref,rtl] [--quick] [--tsv]
  --plot      also write docs/reclaim-faults.png (installs matplotlib into .venv if needed
              and runs itself again under .venv/bin/python)
  --backends  comma list (default: ref, and rtl when the binary has it)
  --quick     fewer pages and runs (a smoke test of the script, not numbers to quote)
  --tsv       only bench<TAB>NAME<TAB>WHERE<TAB>VALUE<TAB>UNIT lines (for bench/run.sh)
Run from the repository root after `make build`.
"""
import json, os, random, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("OPENMMU", os.path.join(ROOT, "build/rel/openmmu"))
BENCH = os.path.join(ROOT, "build/rel/bench_reclaim")
VENV_PY = os.path.join(ROOT, ".venv/bin/python")
PNG = os.path.join(ROOT, "docs/reclaim-faults.png")
BASE = 0x200000000000


def die(msg):
    sys.exit("reclaim-bench: " + msg)


def parse_args(argv):
    opts = {"plot": False, "backends": None, "quick": False, "tsv": False}
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--plot":
            opts["plot"] = True
        elif a == "--quick":
            opts["quick"] = True
        elif a == "--tsv":
            opts["tsv"] = True
        elif a == "--backends" and i + 1 < len(argv):
            i += 1
            opts["backends"] = [b for b in argv[i].split(",") if b]
            if not opts["backends"]:
                die("--backends: expected a comma list of backend names")
        else:
            die("unknown option or missing value: '%s' (see the usage at the top of %s)" % (a, argv[0]))
        i += 1
    return opts


def ensure_matplotlib():
    """matplotlib comes from tools/deps.sh (group plot) into .venv: run again under that python."""
    try:
        import matplotlib  # noqa: F401
        return
    except ImportError:
        pass
    if os.path.realpath(sys.prefix) == os.path.realpath(os.path.join(ROOT, ".venv")):
        die("matplotlib is not importable under .venv/bin/python (tools/deps.sh plot)")
    subprocess.run([os.path.join(ROOT, "tools/deps.sh"), "plot"], check=True)
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])


def built(backend):
    out = subprocess.run([BIN, "run", "--backend", backend, "/dev/null"], capture_output=True, text=True)
    return "not built into this binary" not in out.stderr and "unknown backend" not in out.stderr


def run_scn(text, backend, *args):
    with tempfile.NamedTemporaryFile("w", suffix=".scn", delete=False) as f:
        f.write(text)
    try:
        out = subprocess.run([BIN, "run", "--backend", backend, "--stats", *args, f.name],
                             capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    if out.returncode:
        die("openmmu failed: " + out.stderr[:400])
    return json.loads(out.stdout.strip().splitlines()[-1])


def latency(backend, quick):
    pages = {"ref": 2000}.get(backend, 500)
    reps = 5
    if quick:
        pages, reps = 100, 1
    out = subprocess.run([BENCH, "--backend", backend, "--pages", str(pages), "--reps", str(reps), "--json"],
                         capture_output=True, text=True)
    if out.returncode:
        die("bench_reclaim failed: " + out.stderr[:400])
    return json.loads(out.stdout)


# The working set: W pages, 80% of accesses to a hot quarter, 30% stores.
W, ACC = 256, 20000
MEM_KB = (2048, 1536, 1280, 1024, 896, 768, 640, 512, 384, 320, 256)


def workload(acc):
    r = random.Random(1)
    lines = ["spawn 1", "mmap 1 0x%x 0x%x rw- private,anon,fixed" % (BASE, W * 4096)]
    for _ in range(acc):
        p = r.randrange(W // 4) if r.random() < 0.8 else r.randrange(W)
        va = BASE + p * 4096 + 8 * r.randrange(512)
        lines.append(("store 1 0x%x 8 1" if r.random() < 0.3 else "load 1 0x%x 8") % va)
    return "\n".join(lines) + "\n"


def main():
    opts = parse_args(sys.argv)
    tsv = opts["tsv"]

    def md(*a):
        if not tsv:
            print(*a)

    def bench(name, where, value, unit):
        if tsv:
            print("bench\t%s\t%s\t%s\t%s" % (name, where, value, unit))
    if opts["plot"]:
        ensure_matplotlib()
    for p in (BIN, BENCH):
        if not os.access(p, os.X_OK):
            die("%s is not built (make build)" % os.path.relpath(p, ROOT))
    backends = opts["backends"] or [b for b in ("ref", "rtl") if built(b)]
    for b in backends:
        if not built(b):
            die("backend '%s' is not built into %s" % (b, BIN))

    md("## Fault latency and reclaim throughput (build/rel/bench_reclaim, in-process, median)\n")
    md("| backend | pages x runs | load, no fault | minor fault, read (zero page) | minor fault, write "
          "(zero page -> new frame) | major fault (swap-in) | reclaim, dirty -> swap | reclaim, clean dropped |")
    md("|---|---|---|---|---|---|---|---|")
    for b in backends:
        d = latency(b, opts["quick"])
        md("| %s | %d x %d | %.2f us | %.2f us | %.2f us | %.2f us | %.0f pages/s | %.0f pages/s |" % (
            b, d["pages"], d["reps"], d["hit_us"], d["minor_read_us"], d["minor_write_us"], d["major_us"],
            d["reclaim_pages_per_s"], d["reclaim_clean_pages_per_s"]))
        for key, name, unit in (("minor_read_us", "reclaim: minor fault (read, zero page)", "us"),
                                ("minor_write_us", "reclaim: minor fault (write, new frame)", "us"),
                                ("major_us", "reclaim: major fault (swap-in)", "us"),
                                ("reclaim_pages_per_s", "reclaim: reclaim, dirty anon to swap", "pages/s"),
                                ("reclaim_clean_pages_per_s", "reclaim: reclaim, clean page dropped", "pages/s")):
            bench(name, b, ("%.2f" if unit == "us" else "%.0f") % d[key], unit)

    acc = 2000 if opts["quick"] else ACC
    ws = workload(acc)
    mems = (2048, 1024, 512, 256) if opts["quick"] else MEM_KB
    md("\n## Working set %d pages, %d accesses (80%% to %d hot pages, 30%% stores)\n" % (W, acc, W // 4))
    md("| backend | memory | frames | faults/1000 acc | major/1000 | scanned | referenced | reclaimed "
          "| swap out | swap in |")
    md("|---|---|---|---|---|---|---|---|---|---|")
    rows = {}
    for b in backends:
        rows[b] = []
        for kb in mems:
            s = run_scn(ws, b, "--mem", "%dK" % kb)
            if s["kernel_oom_kills"]:
                die("%s at %d KiB: the workload was OOM-killed; the sweep must stay above that" % (b, kb))
            f1k, m1k = 1000 * s["kernel_faults"] / acc, 1000 * s["kernel_major"] / acc
            rows[b].append((kb // 4, f1k, m1k))
            md("| %s | %d KiB | %d | %.1f | %.1f | %d | %d | %d | %d | %d |" % (
                b, kb, kb // 4, f1k, m1k, s["kernel_scanned"], s["kernel_referenced"], s["kernel_reclaimed"],
                s["kernel_swapout"], s["kernel_swapin"]))
            if kb // 4 in (256, 128, 64):
                bench("reclaim: faults, %d-page working set, %d frames" % (W, kb // 4), b, "%.1f" % f1k,
                      "per 1000 accesses")

    if opts["plot"]:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(8, 5))
        style = {"ref": ("tab:blue", "o"), "rtl": ("tab:red", "s")}
        for b, rs in rows.items():
            c, m = style.get(b, (None, "^"))
            xs = [x for x, _, _ in rs]
            ax.plot(xs, [f for _, f, _ in rs], "-", marker=m, color=c, label="%s: all faults" % b)
            ax.plot(xs, [j for _, _, j in rs], "--", marker=m, color=c, mfc="none", label="%s: major (swap-in)" % b)
        ax.axvline(W, color="gray", lw=0.8, ls=":")
        ax.text(W, ax.get_ylim()[1] * 0.95, " working set", color="gray", va="top")
        ax.set_xlabel("physical memory (4 KiB frames; page tables and the zero page included)")
        ax.set_ylabel("faults per 1000 accesses")
        ax.set_title("openmmu kernel model: %d-page working set as memory shrinks (clock over A bits)" % W,
                     fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(PNG, dpi=100)
        md("\nwrote %s" % os.path.relpath(PNG, ROOT))


if __name__ == "__main__":
    main()
