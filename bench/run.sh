#!/usr/bin/env bash
# Runs one benchmark: bench/run.sh dev.cdyn.bench.StateSizeReport [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
main="${1:?usage: bench/run.sh MAIN_CLASS [args...]}"
shift
mvn -q -B -ntp install -DskipTests -pl bench -am
mvn -q -B -ntp -pl bench exec:java -Dexec.mainClass="$main" -Dexec.args="$*"
