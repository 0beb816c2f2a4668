#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
"""TLB design studies: one spec, every point of a sweep replayed, one table and its plots.

    tools/study.py [--executor local|slurm] [--jobs N] [--force] [--no-plot] [--dry-run] SPEC.toml
    tools/study.py --run-point DIR           (one point; what a Slurm array task runs)

The spec (docs/study.md) names traces, a base configuration and the TLB parameters to sweep,
the backends, and the executor (local or slurm). The study expands the product of the swept
values into points, each a run directory DIR/points/<id>/ holding the command (cmd.json), its
output and the replay's counters (stats.json); a point whose stats.json was made by the same
command is not run again. Then it writes DIR/results.csv (one row per point and backend),
DIR/agreement.csv (the TLB and paging-structure-cache counters of every point run both on
the fast model and on rtl, compared) and the plots DIR/*.png.

Exit status: 0 done (and every model/rtl pair agrees), 1 a point failed or a pair disagrees,
2 a bad spec or option (FILE: key: problem), refused before anything runs.
"""
import concurrent.futures
import csv
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPENMMU = os.environ.get("OPENMMU", os.path.join(ROOT, "build/rel/openmmu"))


def config_names():
    """The named configurations, as rtl/configs.txt lists them (tools/configs.py reads it)."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run([sys.executable, os.path.join(here, "configs.py"), "names"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        sys.exit(2)
    return out.stdout.split()


VENV_PY = os.path.join(ROOT, ".venv/bin/python")

# The TLB parameters a study may sweep: the RTL's parameter names (rtl/configs.txt), which the
# fast model takes at run time (`--tlb`) and the rtl backend at build time.
TLB_PARAMS = ("ITlbSets", "ITlbWays", "ITlbLarge", "DTlbSets", "DTlbWays", "DTlbLarge",
              "L2Sets", "L2Ways", "PscPml4eEntries", "PscPdpteEntries", "PscPdeEntries")
BACKENDS = ("ref", "tlbmodel", "rtl")
# The counters that the fast model must predict exactly (cycles and the cache are rtl's own).
AGREE = ("itlb_accesses", "itlb_hits", "itlb_misses", "dtlb_accesses", "dtlb_hits", "dtlb_misses",
         "l2tlb_accesses", "l2tlb_hits", "l2tlb_misses", "walks", "walk_mem_refs",
         "walk_refs_pml4e", "walk_refs_pdpte", "walk_refs_pde", "walk_refs_pte",
         "psc_pml4e_hits", "psc_pdpte_hits", "psc_pde_hits", "ad_updates", "ad_retries",
         "page_faults", "gp_faults", "dirty_rewalks", "invalidations", "accesses")

SPEC_KEYS = {
    "study": {"name": str, "out": str, "limit": int, "skip": int, "mem": str},
    "traces": None,            # name = path, any names
    "configs": None,           # base = a configuration of rtl/configs.txt, PARAM = [values]
    "backends": {"run": list, "rtl_points": list},
    "executor": {"kind": str, "jobs": int, "partition": str, "time": str},
}


class SpecError(Exception):
    pass


def bad(key, problem):
    raise SpecError("%s: %s" % (key, problem))


def load_spec(path):
    """The spec, checked completely: every key known, every value of its type, every trace
    readable. Geometry values are checked by openmmu itself (check_geometries)."""
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except OSError as e:
        raise SpecError("cannot read: %s" % e.strerror)
    except tomllib.TOMLDecodeError as e:
        raise SpecError("not TOML: %s" % e)
    for table in raw:
        if table not in SPEC_KEYS:
            bad(table, "unknown table (expected %s)" % ", ".join(SPEC_KEYS))
        if not isinstance(raw[table], dict):
            bad(table, "must be a table ([%s])" % table)
        known = SPEC_KEYS[table]
        for k, v in raw[table].items() if known else ():
            if k not in known:
                bad("%s.%s" % (table, k), "unknown key (expected %s)" % ", ".join(known))
            if not isinstance(v, known[k]) or (known[k] is int and isinstance(v, bool)):
                bad("%s.%s" % (table, k), "must be %s" % {str: "a string", int: "an integer",
                                                          list: "a list"}[known[k]])
    spec_dir = os.path.dirname(os.path.abspath(path))
    study = raw.get("study", {})
    if "name" not in study:
        bad("study.name", "missing (the study's name: its output folder)")
    name = study["name"]
    if not name or any(c in name for c in "/\\ ") or name.startswith("."):
        bad("study.name", "'%s' must be a plain folder name" % name)
    for k in ("limit", "skip"):
        if k in study and study[k] < 0:
            bad("study." + k, "must be >= 0")
    traces = raw.get("traces", {})
    if not traces:
        bad("traces", "missing: at least one `name = \"path\"`")
    tr = {}
    for tname, tpath in traces.items():
        if not isinstance(tpath, str):
            bad("traces." + tname, "must be a path string")
        p = tpath if os.path.isabs(tpath) else os.path.join(spec_dir, tpath)
        if not os.path.isfile(p) or not os.access(p, os.R_OK):
            bad("traces." + tname, "'%s' is not a readable file" % tpath)
        tr[tname] = os.path.abspath(p)
    cfg = dict(raw.get("configs", {}))
    names = config_names()
    base = cfg.pop("base", names[0])
    if base not in names:
        bad("configs.base", "'%s' is not a configuration (expected one of %s)" % (base, ", ".join(names)))
    sweep = {}
    for k, v in cfg.items():
        if k not in TLB_PARAMS:
            bad("configs." + k, "unknown parameter (expected base or one of %s)" % ", ".join(TLB_PARAMS))
        vals = v if isinstance(v, list) else [v]
        if not vals or any(not isinstance(x, int) or isinstance(x, bool) for x in vals):
            bad("configs." + k, "must be an integer or a non-empty list of integers")
        if len(set(vals)) != len(vals):
            bad("configs." + k, "a value is repeated")
        sweep[k] = vals
    be = raw.get("backends", {})
    run = be.get("run", ["tlbmodel"])
    for b in run:
        if b not in BACKENDS:
            bad("backends.run", "unknown backend '%s' (expected %s)" % (b, ", ".join(BACKENDS)))
    if len(set(run)) != len(run) or not run:
        bad("backends.run", "must list each backend once, at least one")
    rtl_points = be.get("rtl_points")
    if rtl_points is not None:
        if "rtl" not in run:
            bad("backends.rtl_points", "given, but rtl is not in backends.run")
        for i, p in enumerate(rtl_points):
            if not isinstance(p, dict):
                bad("backends.rtl_points[%d]" % i, "must be an inline table {Param = value, ...}")
            for k, v in p.items():
                if k not in sweep or v not in sweep[k]:
                    bad("backends.rtl_points[%d].%s" % (i, k), "%r is not a swept value" % (v,))
    ex = raw.get("executor", {})
    kind = ex.get("kind", "local")
    if kind not in ("local", "slurm"):
        bad("executor.kind", "'%s' (expected local or slurm)" % kind)
    if "jobs" in ex and ex["jobs"] < 0:
        bad("executor.jobs", "must be >= 0 (0: every core)")
    if kind == "local" and ("partition" in ex or "time" in ex):
        bad("executor", "partition and time are slurm keys; kind is local")
    base_geom = base_geometry(base)
    out = study.get("out", os.path.join(ROOT, "build/studies", name))
    if not os.path.isabs(out):
        out = os.path.join(spec_dir, out)
    return {"path": os.path.abspath(path), "name": name, "out": out, "traces": tr, "base": base,
            "sweep": sweep, "base_geom": base_geom, "run": run, "rtl_points": rtl_points, "executor": kind,
            "jobs": ex.get("jobs", 0), "partition": ex.get("partition"), "time": ex.get("time"),
            "limit": study.get("limit"), "skip": study.get("skip"), "mem": study.get("mem")}


def base_geometry(cfg):
    """The TLB parameters of a named configuration, from the one table of configurations
    (rtl/configs.txt, through tools/configs.py: the -G flags the RTL build takes)."""
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tools/configs.py"), "verilator", cfg],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SpecError("configs.base: %s" % (r.stderr.strip() or "no configuration '%s'" % cfg))
    geom = {}
    for f in r.stdout.split():
        k, _, v = f[2:].partition("=")
        if f.startswith("-G") and k in TLB_PARAMS:
            geom[k] = int(v, 0)
    if len(geom) != len(TLB_PARAMS):
        raise SpecError("configs.base: rtl/configs.txt gives '%s' no value for %s"
                        % (cfg, ", ".join(sorted(set(TLB_PARAMS) - set(geom)))))
    return geom


def geometries(spec):
    """Every combination of the swept values, as ordered (param, value) tuples."""
    keys = list(spec["sweep"])
    for vals in itertools.product(*(spec["sweep"][k] for k in keys)):
        yield tuple(zip(keys, vals))


def geom_label(geom):
    return ",".join("%s=%d" % kv for kv in geom)


def rtl_program(spec, geom):
    """The program that simulates the RTL at this geometry: the base configuration's own when
    the geometry is the base's, else a Verilated variant built for the parameter set (cached
    by it)."""
    if all(spec["base_geom"][k] == v for k, v in geom):
        return OPENMMU
    r = subprocess.run(["make", "-s", "--no-print-directory", "-C", ROOT, "geom-model",
                        "GEOM_BASE=" + spec["base"], "GEOM=" + " ".join("%s=%d" % kv for kv in geom)],
                       capture_output=True, text=True)
    lines = r.stdout.strip().splitlines()
    if r.returncode != 0 or not lines or not os.access(lines[-1], os.X_OK):
        raise SpecError("rtl at %s: the variant model could not be built (make geom-model): %s"
                        % (geom_label(geom), (r.stderr.strip() or r.stdout.strip())[-400:]))
    return lines[-1]


def command(spec, prog, backend, trace, geom):
    cmd = [prog, "replay", "--backend", backend, "--stats", "--no-progress"]
    if backend != "ref":
        cmd += ["--config", spec["base"]]
        if geom:
            cmd += ["--tlb", geom_label(geom)]
    for k in ("limit", "skip", "mem"):
        if spec[k] is not None:
            cmd += ["--" + k, str(spec[k])]
    return cmd + [trace]


def points(spec, programs):
    """Every (trace, geometry, backend) run, with its directory and command. ref has no TLB:
    one run per trace, whatever the geometry."""
    pts = []
    for tname, tpath in spec["traces"].items():
        for geom in geometries(spec):
            for b in spec["run"]:
                if b == "ref" and geom != next(geometries(spec)):
                    continue
                if b == "rtl" and spec["rtl_points"] is not None and not any(
                        all(dict(geom).get(k) == v for k, v in p.items()) for p in spec["rtl_points"]):
                    continue
                prog = programs[geom] if b == "rtl" else OPENMMU
                cmd = command(spec, prog, b, tpath, geom)
                pid = "%s.%s.%s" % (tname, b, geom_label(geom).replace(",", ".") or spec["base"])
                pts.append({"id": pid, "trace": tname, "backend": b, "geom": dict(geom),
                            "dir": os.path.join(spec["out"], "points", pid), "cmd": cmd})
    return pts


def stamp(pt):
    """What makes a finished point reusable: the same command on the same files."""
    h = hashlib.sha256()
    for f in (pt["cmd"][0], pt["cmd"][-1]):
        st = os.stat(f)
        h.update(("%s %d %d\n" % (f, st.st_size, st.st_mtime_ns)).encode())
    return {"cmd": pt["cmd"], "files": h.hexdigest()}


def finished(pt):
    try:
        with open(os.path.join(pt["dir"], "cmd.json")) as f:
            same = json.load(f) == stamp(pt)
        return same and os.path.getsize(os.path.join(pt["dir"], "stats.json")) > 0
    except (OSError, ValueError):
        return False


def run_point(d):
    """Run the point of directory d (its cmd.json); stats.json only when the replay succeeded,
    so that a failed or killed point is never taken as done."""
    with open(os.path.join(d, "cmd.json")) as f:
        cmd = json.load(f)["cmd"]
    t0 = time.monotonic()
    with open(os.path.join(d, "stderr.txt"), "w") as err:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, text=True)
    seconds = time.monotonic() - t0
    last = r.stdout.strip().splitlines()[-1:] if r.stdout.strip() else []
    if r.returncode != 0 or not last:
        with open(os.path.join(d, "failed.txt"), "w") as f:
            f.write("exit %d\n" % r.returncode)
        return False
    stats = json.loads(last[0])
    stats["wall_seconds"] = round(seconds, 3)
    tmp = os.path.join(d, "stats.json.tmp")
    with open(tmp, "w") as f:
        json.dump(stats, f, indent=1)
    os.replace(tmp, os.path.join(d, "stats.json"))
    return True


def prepare(pt):
    os.makedirs(pt["dir"], exist_ok=True)
    for f in ("stats.json", "failed.txt"):
        if os.path.exists(os.path.join(pt["dir"], f)):
            os.remove(os.path.join(pt["dir"], f))
    with open(os.path.join(pt["dir"], "cmd.json"), "w") as f:
        json.dump(stamp(pt), f, indent=1)


def run_local(todo, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(zip((p["id"] for p in todo), pool.map(lambda p: run_point(p["dir"]), todo)))


def run_slurm(spec, todo):
    """One sbatch array job, a task per point; waits for the array to end."""
    if not shutil.which("sbatch"):
        raise SpecError("executor.kind: slurm, but sbatch is not on PATH")
    sdir = os.path.join(spec["out"], "slurm")
    os.makedirs(sdir, exist_ok=True)
    with open(os.path.join(sdir, "points.txt"), "w") as f:
        f.write("".join(p["dir"] + "\n" for p in todo))
    script = os.path.join(sdir, "job.sh")
    with open(script, "w") as f:
        f.write("#!/bin/sh\n#SBATCH --job-name=openmmu-%s\n#SBATCH --array=0-%d\n#SBATCH --output=%s/task-%%a.out\n"
                % (spec["name"], len(todo) - 1, sdir))
        if spec["partition"]:
            f.write("#SBATCH --partition=%s\n" % spec["partition"])
        if spec["time"]:
            f.write("#SBATCH --time=%s\n" % spec["time"])
        f.write('d=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" %s/points.txt)\nexec %s %s --run-point "$d"\n'
                % (sdir, sys.executable, os.path.abspath(__file__)))
    r = subprocess.run(["sbatch", "--wait", "--parsable", script], capture_output=True, text=True)
    if r.returncode != 0 and not r.stdout.strip():
        raise SpecError("sbatch failed: %s" % r.stderr.strip())
    print("study: slurm job %s ended" % r.stdout.strip())
    return {p["id"]: os.path.exists(os.path.join(p["dir"], "stats.json")) for p in todo}


def derived(st):
    """The figures TLB papers report, from one replay's stats."""
    c = st["counters"]
    ins = st.get("instructions") or 0
    acc = c.get("accesses") or 0
    walks = c.get("walks") or 0
    row = {"instructions": ins, "records": st.get("records")}
    for lvl in ("itlb", "dtlb", "l2tlb"):
        row[lvl + "_accesses"] = c.get(lvl + "_accesses")
        row[lvl + "_misses"] = c.get(lvl + "_misses")
        row[lvl + "_mpki"] = round(1000.0 * c.get(lvl + "_misses", 0) / ins, 4) if ins else ""
    row.update({"walks": walks, "walk_mem_refs": c.get("walk_mem_refs"),
                "mem_refs_per_walk": round(c["walk_mem_refs"] / walks, 4) if walks else "",
                "psc_pml4e_hits": c.get("psc_pml4e_hits"), "psc_pdpte_hits": c.get("psc_pdpte_hits"),
                "psc_pde_hits": c.get("psc_pde_hits"), "page_faults": c.get("page_faults"),
                "cycles": c.get("cycles"),
                "cycles_per_access": round(c["cycles"] / acc, 4) if acc and c.get("cycles") else "",
                "wall_seconds": st.get("wall_seconds")})
    return row


def aggregate(spec, pts):
    rows, stats = [], {}
    for p in pts:
        with open(os.path.join(p["dir"], "stats.json")) as f:
            st = json.load(f)
        stats[p["id"]] = st
        row = {"trace": p["trace"], "backend": p["backend"], "config": spec["base"]}
        # ref has no TLB: its rows carry no geometry
        full = dict(spec["base_geom"], **p["geom"]) if p["backend"] != "ref" else {}
        row.update({k: full.get(k, "") for k in TLB_PARAMS})
        row["l2_entries"] = full["L2Sets"] * full["L2Ways"] if full else ""
        row.update(derived(st))
        rows.append(row)
    write_csv(os.path.join(spec["out"], "results.csv"), rows)
    # The fast model against rtl at every point run on both.
    agree_rows, disagree = [], 0
    model = next((b for b in spec["run"] if b == "tlbmodel"), None)
    for p in pts:
        if p["backend"] != "rtl" or not model:
            continue
        m = next(q for q in pts if q["backend"] == model and q["trace"] == p["trace"] and q["geom"] == p["geom"])
        a, b = stats[m["id"]]["counters"], stats[p["id"]]["counters"]
        diff = [k for k in AGREE if a.get(k) != b.get(k)]
        disagree += bool(diff)
        agree_rows.append({"trace": p["trace"], "geometry": geom_label(tuple(p["geom"].items())) or spec["base"],
                           "agree": "yes" if not diff else "no",
                           "differ": " ".join("%s:%s/%s" % (k, a.get(k), b.get(k)) for k in diff)})
    if agree_rows:
        write_csv(os.path.join(spec["out"], "agreement.csv"), agree_rows)
    return rows, agree_rows, disagree


def write_csv(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    os.replace(tmp, path)


def plot(spec, rows):
    """PNG plots with matplotlib from .venv (tools/deps.sh plot installs it)."""
    r = subprocess.run([VENV_PY, "-c", "import matplotlib"], capture_output=True) if os.path.exists(VENV_PY) else None
    if r is None or r.returncode != 0:
        subprocess.run([os.path.join(ROOT, "tools/deps.sh"), "plot"], check=True)
    r = subprocess.run([VENV_PY, os.path.join(ROOT, "tools/study_plot.py"), spec["out"],
                        ",".join(spec["sweep"])], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("plots: " + r.stderr.strip()[-600:])
    return r.stdout.split()


def main(argv):
    args, jobs, force, do_plot, dry, executor = [], None, False, True, False, None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--run-point" and i + 1 < len(argv):
            return 0 if run_point(argv[i + 1]) else 1
        elif a == "--jobs" and i + 1 < len(argv) and argv[i + 1].isdigit():
            jobs = int(argv[i + 1]); i += 1
        elif a == "--executor" and i + 1 < len(argv) and argv[i + 1] in ("local", "slurm"):
            executor = argv[i + 1]; i += 1
        elif a == "--force":
            force = True
        elif a == "--no-plot":
            do_plot = False
        elif a == "--dry-run":
            dry = True
        elif a in ("-h", "--help"):
            print(__doc__.strip()); return 0
        elif a.startswith("-"):
            print("study: unknown or incomplete option '%s' (tools/study.py --help)" % a, file=sys.stderr)
            return 2
        else:
            args.append(a)
        i += 1
    if len(args) != 1:
        print("study: give one SPEC file (tools/study.py --help)", file=sys.stderr)
        return 2
    try:
        spec = load_spec(args[0])
        spec["executor"] = executor or spec["executor"]
        if not os.access(OPENMMU, os.X_OK):
            raise SpecError("%s is not built (make build)" % OPENMMU)
        check_geometries(spec)
        programs = {}
        if "rtl" in spec["run"] and not dry:
            for g in geometries(spec):
                programs[g] = rtl_program(spec, g)
        else:
            programs = {g: "rtl-model" for g in geometries(spec)}
        pts = points(spec, programs)
    except SpecError as e:
        print("study: %s: %s" % (args[0], e), file=sys.stderr)
        return 2
    todo = [p for p in pts if force or not finished(p)]
    print("study %s: %d points (%d to run, %d reused) -> %s"
          % (spec["name"], len(pts), len(todo), len(pts) - len(todo), spec["out"]))
    if dry:
        for p in pts:
            print("  " + " ".join(p["cmd"]))
        return 0
    for p in todo:
        prepare(p)
    try:
        if todo and spec["executor"] == "slurm":
            ok = run_slurm(spec, todo)
        else:
            ok = run_local(todo, jobs or spec["jobs"] or os.cpu_count() or 1)
    except SpecError as e:
        print("study: %s: %s" % (args[0], e), file=sys.stderr)
        return 1
    failed = [pid for pid, good in ok.items() if not good]
    for pid in failed:
        d = next(p["dir"] for p in pts if p["id"] == pid)
        print("study: point %s failed: %s" % (pid, tail(os.path.join(d, "stderr.txt"))), file=sys.stderr)
    if failed:
        return 1
    rows, agree_rows, disagree = aggregate(spec, pts)
    print("study: %s/results.csv (%d rows)" % (spec["out"], len(rows)))
    if agree_rows:
        print("study: model vs rtl: %d of %d points agree on every TLB and PSC counter (%s/agreement.csv)"
              % (len(agree_rows) - disagree, len(agree_rows), spec["out"]))
    if do_plot:
        for png in plot(spec, rows):
            print("study: " + png)
    return 1 if disagree else 0


def check_geometries(spec):
    """Each geometry as openmmu itself judges it (the one home of the rules): a replay of no
    records on the first trace, refused with exit 2 when the geometry is impossible."""
    if "tlbmodel" not in spec["run"] and "rtl" not in spec["run"]:
        return
    tname, trace = next(iter(spec["traces"].items()))
    for g in geometries(spec):
        if not g:
            continue
        r = subprocess.run([OPENMMU, "replay", "--backend", "tlbmodel", "--config", spec["base"], "--tlb",
                            geom_label(g), "--limit", "0", "--no-progress", trace], capture_output=True, text=True)
        if r.returncode == 2:
            msg = (r.stderr.strip().splitlines() or ["exit 2"])[0]
            # openmmu names the option it refuses; anything else is the trace's fault
            raise SpecError("configs: %s: %s" % (geom_label(g), msg) if "--tlb" in msg
                            else "traces.%s: %s" % (tname, msg))


def tail(path):
    try:
        with open(path) as f:
            lines = f.read().strip().splitlines()
        return lines[-1] if lines else "(no message)"
    except OSError:
        return "(no stderr)"


if __name__ == "__main__":
    sys.exit(main(sys.argv))
