#!/usr/bin/env bash
# Echo benchmark: Sluice's echo protocol against a raw Netty echo server (the baseline), both
# pinned to core 0, driven by EchoLoad pinned to core 1, in the same run. Prints a table with
# both results and the Sluice/raw ratio for each scenario. See bench/README.md.
#
#   bench/echo-bench.sh                 # full run: pingpong 10s, stream 1 GiB, idle 10000
#   bench/echo-bench.sh --quick         # about a minute: shorter runs, fewer bytes/connections
#   bench/echo-bench.sh --scenarios pingpong,stream --seconds 5
#
# Stops everything it started when it exits, also on Ctrl-C.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/echo-bench.sh [options]
  --quick                 shorter run: --seconds 3 --warmup 2 --bytes 268435456 --idle-connections 2000
  --scenarios LIST        comma-separated subset of pingpong,stream,idle (default: all three)
  --targets LIST          comma-separated subset of sluice,raw (default: both, Sluice first)
  --seconds N             pingpong measuring time (default 10)
  --warmup N              pingpong warm-up before measuring (default 3)
  --connections N         pingpong connections (default 64)
  --bytes N               stream size in bytes (default 1073741824 = 1 GiB)
  --idle-connections N    idle connections (default 10000)
  --hold N                idle: seconds to wait after all connections are up, before measuring (default 2)
  --rounds N              repeat pingpong and stream N times per target, report the best (default 1)
  --sluice-port N         port for Sluice (default 18010)
  --raw-port N            port for RawNettyEcho (default 18020)
  --jvm-flags "FLAGS"     JVM flags for both servers (default "-Xms1g -Xmx1g")
  --load-jvm-flags "F"    JVM flags for EchoLoad (default "-Xmx1g")
  --server-cpu N          core for the servers (default 0)
  --load-cpu N            core for the load generator (default 1)
  --no-build              use what is already built
  --sluice-directive "D"  an extra directive for Sluice (-c), e.g. "HandlerScheduler jdk"
  -h, --help              this text
EOF
}

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=bench/lib.sh
. bench/lib.sh

scenarios=pingpong,stream,idle
targets=sluice,raw
seconds=10
warmup=3
connections=64
bytes=1073741824
idle_connections=10000
hold=2
rounds=1
sluice_port=18010
raw_port=18020
jvm_flags="-Xms1g -Xmx1g"
load_jvm_flags="-Xmx1g"
server_cpu=0
load_cpu=1
build=1
sluice_directives=()

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) seconds=3 warmup=2 bytes=268435456 idle_connections=2000; shift ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --bytes) bytes=$2; shift 2 ;;
    --idle-connections) idle_connections=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --sluice-port) sluice_port=$2; shift 2 ;;
    --raw-port) raw_port=$2; shift 2 ;;
    --jvm-flags) jvm_flags=$2; shift 2 ;;
    --load-jvm-flags) load_jvm_flags=$2; shift 2 ;;
    --server-cpu) server_cpu=$2; shift 2 ;;
    --load-cpu) load_cpu=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --sluice-directive) sluice_directives+=(-c "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "echo-bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

for s in ${scenarios//,/ }; do
  case "$s" in pingpong|stream|idle) ;; *) echo "echo-bench: unknown scenario '$s'" >&2; exit 2 ;; esac
done
for t in ${targets//,/ }; do
  case "$t" in sluice|raw) ;; *) echo "echo-bench: unknown target '$t'" >&2; exit 2 ;; esac
done

JAVA_HOME=$(bin/find-java) || exit 1
export JAVA_HOME
java="$JAVA_HOME/bin/java"
jcmd="$JAVA_HOME/bin/jcmd"
# Every server gets the same JVM flags; bin/sluice adds --enable-native-access itself.
server_flags="$jvm_flags --enable-native-access=ALL-UNNAMED"

# Each idle connection is one descriptor in the server and one in the load generator.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle_connections + 1000)) ]; then
  echo "echo-bench: the descriptor limit $(ulimit -n) is too low for $idle_connections idle connections" >&2
  exit 1
fi

work="$root/bench/target/echo-bench"
mkdir -p "$work"
rm -f "$work"/*.log "$work"/*.ready "$work"/*.release

trap stop_started EXIT
trap 'exit 130' INT TERM

if [ "$build" = 1 ]; then
  echo "== building (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi
# bin/sluice builds on its own when it thinks sources changed; let that happen now, not timed.
bin/sluice -v >/dev/null
cp="$root/bench/target/classes:$root/bench/target/lib/*"

# Starts a server pinned to the server core; sets server_pid. bin/sluice and taskset exec the
# JVM, so $! is the JVM itself.
start_server() {
  local target=$1 port=$2 log="$work/$1.log"
  if port_in_use "$port"; then
    echo "echo-bench: port $port is already in use; pick another with --$target-port" >&2
    exit 1
  fi
  case "$target" in
    sluice)
      SLUICE_JAVA_OPTS="$jvm_flags" taskset -c "$server_cpu" bin/sluice \
        -f "$root/bench/sluice-bench.conf" -C "Define ECHO_PORT $port" "${sluice_directives[@]}" >"$log" 2>&1 &
      ;;
    raw)
      # shellcheck disable=SC2086
      taskset -c "$server_cpu" "$java" $server_flags -cp "$cp" org.sluice.bench.RawNettyEcho "$port" >"$log" 2>&1 &
      ;;
  esac
  server_pid=$!
  started+=("$server_pid")
  for _ in $(seq 300); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "echo-bench: $target exited during start-up:" >&2
      cat "$log" >&2
      exit 1
    fi
    if grep -qiE 'listening|ready' "$log" && port_in_use "$port"; then
      echo "== $target: pid $server_pid, $(head -1 "$log")"
      return 0
    fi
    sleep 0.1
  done
  echo "echo-bench: $target did not start listening on $port within 30s" >&2
  exit 1
}

# Runs EchoLoad on the load core; its output goes to the terminal and to $work/load.log.
load() {
  # shellcheck disable=SC2086
  taskset -c "$load_cpu" "$java" $load_jvm_flags --enable-native-access=ALL-UNNAMED -cp "$cp" \
    org.sluice.bench.EchoLoad "$@" 2>&1 | tee "$work/load.log" | sed 's/^/   /'
  return "${PIPESTATUS[0]}"
}

result_field() { # FIELD: from the RESULT line of the last load run
  sed -n "s/^RESULT .*\\b$1=\\([^ ]*\\).*/\\1/p" "$work/load.log" | tail -1
}

rss_kib() {
  sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"
}

# Heap in use after a full collection, in KiB: the sum of the generations' "used" (any
# collector jcmd describes that way: G1, Serial, Parallel).
heap_used_kib() {
  "$jcmd" "$1" GC.run >/dev/null
  "$jcmd" "$1" GC.heap_info | grep -v -iE 'metaspace|class space' \
    | sed -n 's/.*total.* used \([0-9]*\)K.*/\1/p' | awk '{ s += $1 } END { print s + 0 }'
}

declare -A result

# Over several rounds, keeps the best value: noise from elsewhere only makes results worse.
keep_best() { # KEY VALUE higher|lower
  local old=${result[$1]:-}
  if [ -z "$old" ] || awk "BEGIN { exit !(\"$3\" == \"higher\" ? $2 > $old : $2 < $old) }"; then
    result[$1]=$2
  fi
}

run_pingpong() {
  local target=$1 port=$2
  echo "-- $target pingpong: $connections connections, ${warmup}s warm-up, ${seconds}s"
  load pingpong --port "$port" --connections "$connections" --seconds "$seconds" --warmup "$warmup"
  keep_best "$target.pingpong" "$(result_field rtps)" higher
  keep_best "$target.pingpong_p99" "$(result_field p99_us)" lower
}

run_stream() {
  local target=$1 port=$2
  echo "-- $target stream: $bytes bytes"
  load stream --port "$port" --bytes "$bytes"
  keep_best "$target.stream" "$(result_field mib_per_s)" higher
}

run_idle() {
  local target=$1 port=$2 pid=$3
  local ready="$work/$target.ready" release="$work/$target.release"
  echo "-- $target idle: $idle_connections connections"
  local heap_before rss_before heap_after rss_after
  heap_before=$(heap_used_kib "$pid")
  sleep 0.5
  rss_before=$(rss_kib "$pid")
  # The load holds the connections until the release file appears (at most 120s).
  # shellcheck disable=SC2086
  taskset -c "$load_cpu" "$java" $load_jvm_flags --enable-native-access=ALL-UNNAMED -cp "$cp" \
    org.sluice.bench.EchoLoad idle --port "$port" --connections "$idle_connections" --hold 120 \
    --ready-file "$ready" --release-file "$release" >"$work/load.log" 2>&1 &
  local load_pid=$!
  started+=("$load_pid")
  while [ ! -f "$ready" ]; do
    if ! kill -0 "$load_pid" 2>/dev/null; then
      wait "$load_pid" || true
      sed 's/^/   /' "$work/load.log"
      echo "echo-bench: the idle load ended before its connections were up" >&2
      exit 1
    fi
    sleep 0.1
  done
  sleep "$hold"
  heap_after=$(heap_used_kib "$pid")
  sleep 0.5
  rss_after=$(rss_kib "$pid")
  touch "$release"
  local status=0
  wait "$load_pid" || status=$?
  sed 's/^/   /' "$work/load.log"
  if [ "$status" != 0 ]; then
    echo "echo-bench: the idle load failed (exit $status)" >&2
    exit 1
  fi
  echo "   server: RSS ${rss_before} -> ${rss_after} KiB, heap used after GC ${heap_before} -> ${heap_after} KiB"
  result[$target.idle_rss]=$(( (rss_after - rss_before) * 1024 / idle_connections ))
  result[$target.idle_heap]=$(( (heap_after - heap_before) * 1024 / idle_connections ))
}

echo "== servers on core $server_cpu with '$server_flags'; EchoLoad on core $load_cpu"
# Both servers run for the whole benchmark and take turns, scenario by scenario, so that load
# from elsewhere on the machine affects both alike; the idle one costs next to nothing.
declare -A pid_of port_of
port_of[sluice]=$sluice_port
port_of[raw]=$raw_port
for target in ${targets//,/ }; do
  start_server "$target" "${port_of[$target]}"
  pid_of[$target]=$server_pid
done
for scenario in ${scenarios//,/ }; do
  for round in $(seq "$rounds"); do
    for target in ${targets//,/ }; do
      case "$scenario" in
        pingpong) run_pingpong "$target" "${port_of[$target]}" ;;
        stream) run_stream "$target" "${port_of[$target]}" ;;
        idle) if [ "$round" = 1 ]; then run_idle "$target" "${port_of[$target]}" "${pid_of[$target]}"; fi ;;
      esac
    done
  done
done
for target in ${targets//,/ }; do
  stop_pid "${pid_of[$target]}"
done

ratio() { # SLUICE RAW
  if [ -n "${1:-}" ] && [ -n "${2:-}" ] && awk "BEGIN { exit !($2 != 0) }"; then
    awk "BEGIN { printf \"%.2f\", $1 / $2 }"
  else
    echo "-"
  fi
}

row() { # LABEL KEY UNIT_NOTE
  local s=${result[sluice.$2]:-} r=${result[raw.$2]:-}
  printf '%-34s %14s %14s %12s\n' "$1" "${s:--}" "${r:--}" "$(ratio "$s" "$r")"
}

echo
echo "== results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$java" -version 2>&1 | head -1))"
printf '%-34s %14s %14s %12s\n' scenario sluice raw-netty sluice/raw
for scenario in ${scenarios//,/ }; do
  case "$scenario" in
    pingpong)
      row "pingpong round trips/s (higher)" pingpong
      row "pingpong p99 latency us (lower)" pingpong_p99
      ;;
    stream) row "stream MiB/s (higher)" stream ;;
    idle)
      row "idle RSS bytes/conn (lower)" idle_rss
      row "idle heap bytes/conn (lower)" idle_heap
      ;;
  esac
done
