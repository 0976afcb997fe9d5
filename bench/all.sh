#!/usr/bin/env bash
# Every scenario in turn, each table after the machine description; e.g. bench/all.sh > results.md
set -euo pipefail
cd "$(dirname "$0")"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo); load at start $(cut -d' ' -f1-3 /proc/loadavg)"
echo
./overhead.sh
echo
./stream.sh
echo
./async.sh
echo
./memory.sh
if [[ " ${BENCH_DBS:-sqlite} " == *" postgres "* ]]; then
    echo
    ./instances.sh
fi
