#!/usr/bin/env bash
# JMH benchmarks of Sluice's hot code paths (bench/src/main/java/org/sluice/bench/jmh). Builds
# the bench module unless --no-build, then runs JMH with the remaining arguments, e.g.
#
#   bench/jmh.sh                               # every benchmark
#   bench/jmh.sh HttpHeadBenchmark             # a regex of benchmark names
#   bench/jmh.sh --no-build -f 1 -wi 2 -i 3 HttpHeadBenchmark.parse
#
# The first core (taskset -c 0) runs the benchmark when taskset is there, as the load scripts do.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
JAVA_HOME=$(bin/find-java)
export JAVA_HOME
if [ "${1:-}" = "--no-build" ]; then
  shift
else
  bin/mvn -q -B -DskipTests -pl bench -am package
fi
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
exec "${pin[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main "$@"
