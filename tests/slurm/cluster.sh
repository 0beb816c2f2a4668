#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The openmmu authors
# SPDX-License-Identifier: Apache-2.0
# A one-node Slurm cluster on localhost for make test-slurm: real slurmctld, slurmd and munged
# from Debian (tools/deps.sh slurm), with everything (configuration, key, state, logs,
# sockets) under DIR, on ports of their own, so that it touches nothing of the machine's.
#
#   tests/slurm/cluster.sh start DIR   start, and wait until the node takes jobs
#   tests/slurm/cluster.sh stop DIR    stop the daemons started by start
# After start, `export SLURM_CONF=DIR/slurm.conf` points sbatch and squeue at it.
set -euo pipefail
cmd=${1:-} dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: cluster.sh start|stop DIR" >&2; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf=$dir/slurm.conf

stop() {
    for p in slurmd slurmctld munged; do
        [ -s "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null || true
    done
    sleep 1
    for p in slurmd slurmctld munged; do
        [ -s "$dir/$p.pid" ] && kill -9 "$(cat "$dir/$p.pid")" 2>/dev/null || true
        rm -f "$dir/$p.pid"
    done
}

case $cmd in
stop) stop; exit 0 ;;
start) ;;
*) echo "cluster.sh: start or stop, not '$cmd'" >&2; exit 2 ;;
esac

for t in munged slurmctld slurmd sbatch sinfo; do
    command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] ||
        { echo "cluster.sh: $t is missing (tools/deps.sh slurm)" >&2; exit 3; }
done
export PATH=$PATH:/usr/sbin
stop
rm -rf "$dir/state" "$dir/spool"; mkdir -p "$dir/state" "$dir/spool"
# munged: its own key and socket. It refuses root without --force (a test cluster only).
[ -s "$dir/munge.key" ] || head -c 1024 /dev/urandom >"$dir/munge.key"
chmod 600 "$dir/munge.key"
munged --force --key-file "$dir/munge.key" --socket "$dir/munge.sock" --pid-file "$dir/munged.pid" \
    --log-file "$dir/munged.log" --seed-file "$dir/munge.seed"
host=$(hostname -s)
cpus=$(nproc)
# Ports of its own; no cgroups, no accounting: the smallest cluster that schedules arrays.
cat >"$conf" <<CONF
ClusterName=openmmu-test
SlurmctldHost=$host
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.sock
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld -f "$conf"
slurmd -f "$conf"
for _ in $(seq 60); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
    case $state in idle*|mixed*|alloc*) echo "cluster.sh: node $host $state ($conf)"; exit 0 ;; esac
    sleep 0.5
done
echo "cluster.sh: the node did not come up (state '${state:-none}'); logs in $dir" >&2
tail -5 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 || true
stop
exit 1
