#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
"""The reader of rtl/configs.txt, the one table of named configurations of mmu_top.

  tools/configs.py names               the configuration names, in the table's order
  tools/configs.py get CFG KEY         one parameter's value
  tools/configs.py verilator CFG       Verilator -G flags for every parameter of CFG
  tools/configs.py yosys CFG           the same as Yosys hierarchy -chparam options
  tools/configs.py readme              the README's configuration table (markdown)
  tools/configs.py cheader             the C side's copy of the table, a header (the build
                                       writes it to build/gen/openmmu_configs.h; never
                                       committed): OPENMMU_CONFIGS(X), X(name, value...)
                                       per configuration with every parameter in the
                                       table's order, OPENMMU_CONFIG_PARAMS(P) naming that
                                       order, the default (the first configuration) and
                                       the names as messages and usage texts spell them
  tools/configs.py check-rtl           rtl/top/mmu_top.sv's parameter defaults are the first
                                       configuration's values (fpga/openmmu_fpga.sv's, the
                                       Fmax harness, too), and those of the board tops
                                       (rtl/board/board_top.sv, fpga/ulx3s/ulx3s_top.sv) the
                                       values of the configuration their CfgName default
                                       names (exit 1 and the differences)

`--table FILE` first reads another table (the tests of this reader). A malformed table is
named as FILE:LINE: problem, exit 2; so is an unknown configuration or parameter asked for.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "rtl/configs.txt"
TOP = "rtl/top/mmu_top.sv"
# Tops that pass mmu_top's parameters through with defaults of their own, and say which
# configuration those are in their CfgName default (HELLO's name, on the board).
BOARD_TOPS = ("rtl/board/board_top.sv", "fpga/ulx3s/ulx3s_top.sv")
# Tops that pass every parameter of mmu_top through with its defaults (make fpga's harness:
# one it lacks stops synthesis, as RandomRepl once did).
HARNESS_TOPS = ("fpga/openmmu_fpga.sv",)
# Parameters whose value must be a power of two (the RTL's elaboration checks refuse others).
POW2 = {"ITlbSets", "ITlbWays", "ITlbLarge", "DTlbSets", "DTlbWays", "DTlbLarge", "L2Sets",
        "L2Ways", "PscPml4eEntries", "PscPdpteEntries", "PscPdeEntries", "DcSizeBytes", "DcWays"}
BITS = {"RandomRepl", "XlatReg", "HitPipe"}


def die(msg):
    print(f"configs: {msg}", file=sys.stderr)
    sys.exit(2)


def load():
    """(names, [(key, {name: value})]) from the table, every line checked."""
    path = TABLE if os.path.isabs(TABLE) else os.path.join(ROOT, TABLE)
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        die(f"{TABLE}: {e.strerror}")
    names, rows, seen = None, [], set()
    for n, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if names is None:
            if words[0] != "parameter" or len(words) < 2:
                die(f"{TABLE}:{n}: the first row must be 'parameter NAME...'")
            names = words[1:]
            for c in names:
                if not re.fullmatch(r"[a-z][a-z0-9_]*", c):
                    die(f"{TABLE}:{n}: '{c}': a configuration name is lower case, digits, _")
            if len(set(names)) != len(names):
                die(f"{TABLE}:{n}: a configuration named twice")
            continue
        key, vals = words[0], words[1:]
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", key):
            die(f"{TABLE}:{n}: '{key}': not a parameter name")
        if key in seen:
            die(f"{TABLE}:{n}: {key} given twice")
        seen.add(key)
        if len(vals) != len(names):
            die(f"{TABLE}:{n}: {key} has {len(vals)} values for {len(names)} configurations")
        row = {}
        for c, v in zip(names, vals):
            if not v.isdigit():
                die(f"{TABLE}:{n}: {key} for {c}: '{v}' is not a whole number")
            x = int(v)
            if key in POW2 and (x == 0 or x & (x - 1)):
                die(f"{TABLE}:{n}: {key} for {c}: {x} is not a power of two")
            if key in BITS and x > 1:
                die(f"{TABLE}:{n}: {key} for {c}: {x} is not 0 or 1")
            row[c] = x
        rows.append((key, row))
    if names is None:
        die(f"{TABLE}: no 'parameter' row")
    return names, rows


def config(names, rows, cfg):
    if cfg not in names:
        die(f"unknown configuration '{cfg}' ({TABLE} names: {' '.join(names)})")
    return {k: r[cfg] for k, r in rows}


def size(b):
    return f"{b // 1024} KiB" if b % 1024 == 0 else f"{b} B"


def readme(names, rows):
    out = ["| config | iTLB | dTLB | L2 TLB (4 KiB, 2 MiB) | PSC (PML4E/PDPTE/PDE) | L1 D-cache | TLB replacement | load hit, cycles: to data / one every |",
           "|---|---|---|---|---|---|---|---|"]
    for c in names:
        g = config(names, rows, c)
        sets = g["DcSizeBytes"] // (64 * g["DcWays"])
        # rtl/top/mmu_top.sv's timing parameters: XlatReg adds a cycle between the dTLB and
        # the cache's compare; HitPipe=0 takes a request only once the previous has left.
        use = 2 + g["XlatReg"]
        every = 1 if g["HitPipe"] else use
        out.append(
            f"| `{c}` "
            f"| {g['ITlbSets'] * g['ITlbWays']} entries {g['ITlbWays']}-way + {g['ITlbLarge']} large "
            f"| {g['DTlbSets'] * g['DTlbWays']} entries {g['DTlbWays']}-way + {g['DTlbLarge']} large "
            f"| {g['L2Sets'] * g['L2Ways']} entries {g['L2Ways']}-way "
            f"| {g['PscPml4eEntries']} / {g['PscPdpteEntries']} / {g['PscPdeEntries']} "
            f"| {size(g['DcSizeBytes'])} {g['DcWays']}-way, {sets} sets of 64 B "
            f"| {'random (LFSR)' if g['RandomRepl'] else 'tree-PLRU'} "
            f"| {use} / {every} |")
    return "\n".join(out)


def names_text(names):
    """'i7, small or fpga': the names as a message lists them."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def cheader(names, rows):
    """The header the C side includes instead of spelling a configuration out (tlbmodel/geom.c,
    backend/rtl.c, the command lines' --config). The values go in the table's order and a
    consumer picks them by name through OPENMMU_CONFIG_PARAMS, so a row added or moved in the
    table changes no C file."""
    keys = [k for k, _ in rows]
    w = max(len(c) for c in names)
    out = [
        "/* Generated by tools/configs.py cheader from rtl/configs.txt, the one table of the named",
        " * configurations of mmu_top: do not edit, and do not commit (the build writes it again",
        " * whenever the table changes). */",
        "#ifndef OPENMMU_CONFIGS_H",
        "#define OPENMMU_CONFIGS_H",
        "",
        "/* The parameters, in the order of the values of OPENMMU_CONFIGS's rows. */",
        "#define OPENMMU_CONFIG_PARAMS(P) \\",
        *(f"    P({k}) \\" for k in keys),
        "    /* end */",
        "",
        f"#define OPENMMU_CONFIG_NPARAMS {len(keys)}",
        "",
        "/* X(name, value...) for each configuration, in the table's order. */",
        "#define OPENMMU_CONFIGS(X) \\",
        *(f"    X({c + ',':<{w + 1}} {', '.join(str(r[c]) for _, r in rows)}) \\" for c in names),
        "    /* end */",
        "",
        f"#define OPENMMU_CONFIG_COUNT {len(names)}",
        "/* The default configuration: the table's first, whose values are mmu_top's defaults. */",
        f'#define OPENMMU_CONFIG_DEFAULT "{names[0]}"',
        "/* The names as a message lists them, and as a usage text offers them. */",
        f'#define OPENMMU_CONFIG_NAMES "{names_text(names)}"',
        f'#define OPENMMU_CONFIG_CHOICES "{"|".join(names)}"',
        "",
        "#endif",
    ]
    return "\n".join(out)


def defaults_differ(path, src, names, rows, cfg):
    """What in path's parameter defaults is not configuration cfg's, one line each."""
    bad = []
    for k, v in config(names, rows, cfg).items():
        m = re.search(rf"parameter\s+(?:int\s+unsigned|bit)\s+{k}\s*=\s*(?:1'b)?(\d+)", src)
        if not m:
            bad.append(f"{path}: no parameter {k}")
        elif int(m.group(1)) != v:
            bad.append(f"{path}: {k} defaults to {m.group(1)}, {TABLE} gives {cfg} {v}")
    return bad


def check_rtl(names, rows):
    def read(path):
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            return f.read()
    bad = defaults_differ(TOP, read(TOP), names, rows, names[0])
    for top in HARNESS_TOPS:
        bad += defaults_differ(top, read(top), names, rows, names[0])
    for top in BOARD_TOPS:
        src = read(top)
        m = re.search(r'parameter\s+logic\s*\[63:0\]\s+CfgName\s*=\s*"(\w*)"', src)
        if not m:
            bad.append(f"{top}: no CfgName default naming its configuration")
        elif m.group(1) not in names:
            bad.append(f"{top}: CfgName defaults to '{m.group(1)}', not a configuration of {TABLE}")
        else:
            bad += defaults_differ(top, src, names, rows, m.group(1))
    for p in bad:
        print(p)
    return 1 if bad else 0


def main(argv):
    global TABLE
    if argv[:1] == ["--table"] and len(argv) >= 2:
        TABLE, argv = os.path.abspath(argv[1]), argv[2:]
    names, rows = load()
    if argv[:1] == ["names"] and len(argv) == 1:
        print(" ".join(names))
    elif argv[:1] == ["get"] and len(argv) == 3:
        g = config(names, rows, argv[1])
        if argv[2] not in g:
            die(f"{argv[1]}: no parameter '{argv[2]}' in {TABLE}")
        print(g[argv[2]])
    elif argv[:1] == ["verilator"] and len(argv) == 2:
        print(" ".join(f"-G{k}={v}" for k, v in config(names, rows, argv[1]).items()))
    elif argv[:1] == ["yosys"] and len(argv) == 2:
        print(" ".join(f"-chparam {k} {v}" for k, v in config(names, rows, argv[1]).items()))
    elif argv == ["readme"]:
        print(readme(names, rows))
    elif argv == ["cheader"]:
        print(cheader(names, rows))
    elif argv == ["check-rtl"]:
        return check_rtl(names, rows)
    else:
        die("usage: tools/configs.py names | get CFG KEY | verilator CFG | yosys CFG | readme | cheader | check-rtl")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
