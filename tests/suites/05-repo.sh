#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# The repository carries itself: checks over the tracked files, seconds, no build needed.
#   repo.spdx          every tracked source file (.c .h .cpp .sv .svh .sh .mk .py, Makefile,
#                      .ci/run) has an SPDX-License-Identifier line in its first lines
#   repo.self-contained no tracked file sends the reader outside the repository (the
#                      design notes the project started from, or the machine's work folders)
#   repo.links         every relative link (and #anchor) in README.md and docs/*.md resolves
#   repo.ops-documented every operation a scenario reader accepts -- the names in the op
#                      tables of csrc/ ({"name", op_fn} pairs of the hardware level,
#                      {"name", SCN_K_KIND, ...} rows of the kernel level: their one
#                      definition) -- is documented in docs/scenario.md
#   repo.inject-list   the one list of injectable bugs (csrc/inject/inject.def) and the RTL
#                      agree: every `ifdef OPENMMU_INJECT_X` in rtl/ is a row the RTL
#                      carries and every such row has its ifdef; every bug is asked for by
#                      some test (its name, or INJ_<ID>, in tests/)
#   formal/bugs/GROUP  every formal proof group (formal/*.sby) has an injected bug of
#                      sim/variants.mk's list that must make it fail, and every such bug names
#                      a group, a task and an `ifdef in rtl/ that exist (formal/run.sh --check:
#                      no solver; the proofs themselves run in `make formal`)
#   repo.configs       rtl/configs.txt (tools/configs.py) against what repeats it: the README
#                      table, the parameter defaults of mmu_top and of the board tops
#                      (board_top, ulx3s_top: the configuration their CfgName names), the
#                      C side's generated header (tools/configs.py cheader: the table's rows,
#                      never committed) and no C source spelling a configuration out by hand
#                      (a shim, a geometry value, a list of names); a malformed table is
#                      refused, a drifted one reported
#   repo.core          the FuseSoC core (openmmu.core) lists every SystemVerilog file under
#                      rtl/, once, each existing, a package before its users (suite 06 runs
#                      the core through FuseSoC)
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "SKIP 05-repo: not a git work tree (the checks run over tracked files)"
    exit 0
fi
command -v python3 >/dev/null || { echo "SKIP 05-repo: python3 not installed (tools/deps.sh installs it)"; exit 0; }

git ls-files -z | python3 -c '
import os, re, sys

files = [f for f in sys.stdin.buffer.read().decode().split("\0") if f and os.path.isfile(f)]
status = 0

def report(name, problems):
    global status
    if problems:
        status = 1
        print(f"FAIL {name}: {len(problems)} problem(s)")
        for p in problems[:40]:
            print(f"  {p}")
    else:
        print(f"PASS {name}")

def text(path):
    with open(path, "rb") as f:
        data = f.read()
    return None if b"\0" in data else data.decode("utf-8", "replace")

# ---- SPDX ------------------------------------------------------------------------------
SRC_EXT = (".c", ".h", ".cpp", ".sv", ".svh", ".sh", ".mk", ".py")
def is_source(f):
    return f.endswith(SRC_EXT) or os.path.basename(f) == "Makefile" or f == ".ci/run"
problems = []
for f in files:
    if not is_source(f):
        continue
    head = (text(f) or "").splitlines()[:4]
    if not any("SPDX-License-Identifier:" in l for l in head):
        problems.append(f"{f}: no SPDX-License-Identifier line in its first lines")
report("repo.spdx", problems)

# ---- nothing outside the repository ------------------------------------------------------
# The patterns are assembled so that this file does not match itself.
outside = re.compile("|".join([re.escape(".." + "/shared"), re.escape("/" + "work/"),
                               "DESIGN" + r"(\.md|\s*§)", "PITFALLS" + r"\.md"]))
def lines_matching(pattern, why):
    """Every line of a tracked text file that pattern matches, as FILE:LINE: problems."""
    out = []
    for f in files:
        for n, line in enumerate((text(f) or "").splitlines(), 1):
            m = pattern.search(line)
            if m:
                out.append(f"{f}:{n}: {why(m.group(0))}")
    return out
report("repo.self-contained", lines_matching(outside, lambda s: f"refers to {s!r} (not in the repository)"))

# ---- what the code is, not how it was built ------------------------------------------------
# A tracker issue number in a file says why it was written once, not what it is now.
issue_ref = re.compile(r"\b" + "issue" + r"s? [0-9]+", re.I)
report("repo.no-issue-numbers", lines_matching(issue_ref, lambda s: f"names {s!r} (say what the code or test is)"))

# ---- links in the documents --------------------------------------------------------------
def slug(heading):
    """The anchor GitHub gives a heading."""
    h = re.sub(r"[`*_]|<[^>]+>", "", heading.strip()).lower()
    h = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", h)
    h = "".join(c for c in h if c.isalnum() or c in " -_")
    return h.replace(" ", "-")

def anchors(path):
    out, seen = set(), {}
    in_code = False
    for line in (text(path) or "").splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        m = None if in_code else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            s = slug(m.group(1))
            k = seen.get(s, 0)
            seen[s] = k + 1
            out.add(s if k == 0 else f"{s}-{k}")
    return out

def links(t):
    t = re.sub(r"```.*?```", "", t, flags=re.S)   # code blocks
    t = re.sub(r"`[^`\n]*`", "", t)                # code spans
    for m in re.finditer(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", t):
        yield m.group(1)
    for m in re.finditer(r"^\s*\[[^\]]+\]:\s*(\S+)", t, flags=re.M):
        yield m.group(1)

docs = ["README.md"] + sorted(f for f in files if re.fullmatch(r"docs/[^/]+\.md", f))
problems = []
for d in docs:
    for target in links(text(d) or ""):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):   # http:, https:, mailto:
            continue
        path, _, frag = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(d), path)) if path else d
        if not os.path.exists(dest):
            problems.append(f"{d}: link {target!r}: {dest} does not exist")
        elif frag and dest.endswith(".md") and frag not in anchors(dest):
            problems.append(f"{d}: link {target!r}: {dest} has no heading with anchor #{frag}")
report("repo.links", problems)

# ---- every scenario operation documented -------------------------------------------------
ops = {}
pair = re.compile(r"\{\s*\"([a-z][a-z0-9_]*)\"\s*,\s*(?:op_[a-z0-9_]+\s*\}|SCN_K_[A-Z0-9_]+\s*,)")
for f in files:
    if f.startswith("csrc/") and f.endswith(".c"):
        for m in pair.finditer(text(f) or ""):
            ops.setdefault(m.group(1), f)
problems = []
if len(ops) < 20:
    problems.append(f"only {len(ops)} operations found in the op tables of csrc/: the extraction no longer matches them")
spec = text("docs/scenario.md") if os.path.exists("docs/scenario.md") else ""
for op, where in sorted(ops.items()):
    if not re.search(r"`" + re.escape(op) + r"[ `]", spec):
        problems.append(f"operation {op!r} ({where}) is not documented in docs/scenario.md")
report("repo.ops-documented", problems)

# ---- the list of injectable bugs -----------------------------------------------------------
problems = []
rows = re.findall(r"^INJ\(([A-Z0-9_]+),\s*\"([a-z0-9-]+)\",\s*([A-Z_ |]+),", text("csrc/inject/inject.def") or "", re.M)
if len(rows) < 9:
    problems.append(f"only {len(rows)} rows read from csrc/inject/inject.def: the extraction no longer matches it")
rtl_rows = {i for i, n, c in rows if "INJ_IN_RTL" in c}
ifdefs = {}
for f in files:
    if f.startswith("rtl/") and f.endswith((".sv", ".svh")):
        for m in re.finditer(r"`ifn?def\s+OPENMMU_INJECT_([A-Z0-9_]+)", text(f) or ""):
            ifdefs.setdefault(m.group(1), f)
for i, f in sorted(ifdefs.items()):
    if i not in rtl_rows:
        problems.append(f"{f}: OPENMMU_INJECT_{i} has no row carried by INJ_IN_RTL in csrc/inject/inject.def")
for i in sorted(rtl_rows - set(ifdefs)):
    problems.append(f"csrc/inject/inject.def: {i} is carried by the RTL, but no rtl/ file has `ifdef OPENMMU_INJECT_{i}")
tests = "".join(text(f) or "" for f in files if f.startswith("tests/") and f.endswith((".sh", ".c")))
variants = text("sim/variants.mk") or ""
for i, n, c in rows:
    # a formal-only RTL bug is asked for by the proof sim/variants.mk names for it
    if n not in tests and f"INJ_{i}" not in tests and f"OPENMMU_INJECT_{i}" not in variants:
        problems.append(f"csrc/inject/inject.def: no test asks for {n!r} (its name or INJ_{i} in tests/)")
report("repo.inject-list", problems)
# ---- one table of configurations -----------------------------------------------------------
# rtl/configs.txt (read by tools/configs.py) against everything that repeats it: the table
# in README.md (rendered from it), the parameter defaults of mmu_top (its first column) and
# of the board tops (the column their CfgName default names), and the C side, which has it
# through a generated header.
import subprocess
problems = []
def configs_tool(*args):
    r = subprocess.run([sys.executable, "tools/configs.py", *args], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        cmd = " ".join(args)
        problems.append(f"tools/configs.py {cmd}: {r.stderr.strip()}")
    return r
cfg_names = configs_tool("names").stdout.split()
cfg_table = configs_tool("readme").stdout.strip().splitlines()
readme = (text("README.md") or "").splitlines()
if cfg_table and cfg_table[0] in readme:
    at = readme.index(cfg_table[0])
    for k, want in enumerate(cfg_table):
        got = readme[at + k] if at + k < len(readme) else ""
        if got != want:
            problems.append(f"README.md:{at + k + 1}: {got!r}, but rtl/configs.txt gives {want!r}")
    after = readme[at + len(cfg_table)] if at + len(cfg_table) < len(readme) else ""
    if after.startswith("|"):
        problems.append(f"README.md:{at + len(cfg_table) + 1}: a row for a configuration rtl/configs.txt does not have")
elif cfg_table:
    problems.append("README.md: no configuration table headed as tools/configs.py readme prints it")
problems += [l for l in configs_tool("check-rtl").stdout.splitlines() if l]
# The C side has the table through the header tools/configs.py cheader writes into the
# build (build/gen/openmmu_configs.h, never committed): its rows are those of the table, in
# its order, and the places that list the configurations take them from it. No C source
# spells one out by hand instead: no shim of a named configuration (&vl_shim_i7, extern ...
# vl_shim_small), no parameter value (.DTlbSets = 16), no list of names in a message or
# usage text ("i7 or small").
hdr = configs_tool("cheader").stdout
hdr_params = re.findall(r"^\s*P\((\w+)\) \\$", hdr, re.M)
hdr_rows = re.findall(r"^\s*X\((\w+),\s*([0-9, ]+)\) \\$", hdr, re.M)
if [c for c, _ in hdr_rows] != cfg_names:
    problems.append(f"tools/configs.py cheader: configurations {[c for c, _ in hdr_rows]}, "
                    f"rtl/configs.txt has {cfg_names}")
for c, vals in hdr_rows:
    got = " ".join(f"-G{k}={v.strip()}" for k, v in zip(hdr_params, vals.split(",")))
    want = configs_tool("verilator", c).stdout.strip() if c in cfg_names else ""
    if got != want or len(vals.split(",")) != len(hdr_params):
        problems.append(f"tools/configs.py cheader: {c} gives {got}, rtl/configs.txt {want}")
for f in files:
    if os.path.basename(f) == "openmmu_configs.h":
        problems.append(f"{f}: the generated header is committed (the build writes it: build/gen/)")
for f, what in (("csrc/backend/rtl.c", "its shims"), ("csrc/common/configs.c", "the values of the configurations")):
    if "OPENMMU_CONFIGS(" not in (text(f) or ""):
        problems.append(f"{f}: {what} not taken from OPENMMU_CONFIGS (the generated openmmu_configs.h)")
if not hdr_params:
    problems.append("tools/configs.py cheader: no OPENMMU_CONFIG_PARAMS list")
alt = "|".join(map(re.escape, cfg_names))
by_hand = ((re.compile(rf"\bvl_shim_({alt})\b"), "names the shim of a configuration"),
           (re.compile(r"\.(" + "|".join(hdr_params or ["-"]) + r")\s*=\s*\d+"), "spells out the value of a parameter"),
           (re.compile(rf"\b({alt})(?: or |\||, )(?:{alt})\b"), "lists the names of the configurations"))
for f in files:
    if not (f.startswith(("csrc/", "sim/")) and f.endswith((".c", ".h", ".cpp"))):
        continue
    # the code only: comments may name configurations (each line kept, for the line numbers)
    src = re.sub(r"/\*.*?\*/|//[^\n]*", lambda c: "\n" * c.group(0).count("\n"), text(f) or "", flags=re.S)
    for pat, what in by_hand:
        for m in pat.finditer(src):
            n = src.count("\n", 0, m.start()) + 1
            problems.append(f"{f}:{n}: {what} by hand, {m.group(0)!r} (take it from openmmu_configs.h)")
# A malformed table is refused, naming its file and line (exit 2).
import tempfile
for body, line, want in (("parameter i7 small\nITlbSets 32 4\nL2Ways 4\n", 3, "L2Ways has 1 values for 2 configurations"),
                         ("parameter i7\nITlbSets 3x\n", 2, "is not a whole number"),
                         ("parameter i7\nL2Sets 48\n", 2, "48 is not a power of two"),
                         ("ITlbSets 32\n", 1, "the first row must be")):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as t:
        t.write(body)
    r = subprocess.run([sys.executable, "tools/configs.py", "--table", t.name, "names"], capture_output=True, text=True)
    os.unlink(t.name)
    if r.returncode != 2 or f"{t.name}:{line}: " not in r.stderr or want not in r.stderr:
        problems.append(f"a bad table ({want}): exit {r.returncode}, {r.stderr.strip()!r}")
# A drift is found: a table whose small column differs from the defaults of the board tops in one
# parameter makes check-rtl name both tops and that parameter (exit 1).
real = open("rtl/configs.txt").read()
drifted = re.sub(r"^(ITlbSets\s+\d+\s+)4\b", r"\g<1>8", real, count=1, flags=re.M)
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as t:
    t.write(drifted)
r = subprocess.run([sys.executable, "tools/configs.py", "--table", t.name, "check-rtl"], capture_output=True, text=True)
os.unlink(t.name)
for top in ("rtl/board/board_top.sv", "fpga/ulx3s/ulx3s_top.sv"):
    if drifted == real or r.returncode != 1 or f"{top}: ITlbSets defaults to 4, {t.name} gives small 8" not in r.stdout:
        problems.append(f"a drifted table (small ITlbSets 8): check-rtl exit {r.returncode}, {r.stdout.strip()!r}, nothing about {top}")
report("repo.configs", problems)

# ---- the FuseSoC core lists the RTL ----------------------------------------------------------
# openmmu.core (suite 06 runs it through FuseSoC) names every SystemVerilog file under rtl/,
# each once and each that exists, and a package before any file that uses it (the order
# the tools read them in).
problems = []
core = text("openmmu.core") if os.path.isfile("openmmu.core") else None
if core is None:
    problems.append("openmmu.core: missing")
else:
    listed = []
    for n, line in enumerate(core.splitlines(), 1):
        m = re.match(r"\s+-\s+(rtl/\S+)\s*$", line)
        if m:
            listed.append((m.group(1), n))
    seen = set()
    for f, n in listed:
        if f in seen:
            problems.append(f"openmmu.core:{n}: {f} listed twice")
        seen.add(f)
        if not os.path.isfile(f):
            problems.append(f"openmmu.core:{n}: {f} does not exist")
    for f in sorted(x for x in files if x.startswith("rtl/") and x.endswith(".sv")):
        if f not in seen:
            problems.append(f"openmmu.core: {f} is not listed")
    defined = {}
    for i, (f, n) in enumerate(listed):
        body = text(f) if os.path.isfile(f) else ""
        for pkg in re.findall(r"^\s*package\s+(\w+)\s*;", body, re.M):
            defined[pkg] = i
    for i, (f, n) in enumerate(listed):
        body = text(f) if os.path.isfile(f) else ""
        for pkg in sorted(set(re.findall(r"\b(\w+_pkg)::", body))):
            if pkg in defined and defined[pkg] > i:
                problems.append(f"openmmu.core:{n}: {f} uses {pkg} before the file defining it")
report("repo.core", problems)
sys.exit(status)
'
status=$?

# The bookkeeping of the formal proofs' injected bugs (the proofs: `make formal`).
out=$(make --no-print-directory -s formal-check 2>&1); rc=$?
grep -E '^(PASS|FAIL|SKIP) ' <<<"$out"
if [ $rc -ne 0 ]; then
    grep -vE '^(PASS|FAIL|SKIP) |passed, .* failed' <<<"$out" | head -5 | sed 's/^/    /'
    grep -qE '^FAIL ' <<<"$out" || echo "FAIL formal/bugs: make formal-check failed (exit $rc)"
    status=1
fi
exit $status
