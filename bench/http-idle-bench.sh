#!/usr/bin/env bash
# Idle HTTP connections: what an open, idle keep-alive connection costs Sluice's http module
# (or, for comparison, RawNettyHttp). Opens N connections that each make one keep-alive GET and
# then stay open and quiet, and prints the growth of the Java heap (live objects, after a full
# GC) and of the process's resident memory per connection, with the classes that grew most.
# The echo benchmark's idle scenario does the same for echo. See bench/README.md.
#
#   bench/http-idle-bench.sh                       # 10000 idle connections to Sluice
#   bench/http-idle-bench.sh --server raw          # the same against RawNettyHttp
#
# Every connection needs a file descriptor in the server and one in the client, so N must stay
# below the open-files limit (ulimit -n). Needs python3, and wrk for the warm-up.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/http-idle-bench.sh [options]
  --server S              sluice (default) or raw (RawNettyHttp)
  --connections N         idle connections to open (default 10000)
  --warmup N              seconds of wrk load before measuring, so the JIT has compiled the
                          request path as on a busy server (default 10; 0: none)
  --jvm-flags "FLAGS"     JVM flags for the server (default "-Xms1g -Xmx1g")
  --no-build              use what is already built
  -h, --help              this text
Port: 18090 on 127.0.0.1.
EOF
}

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=bench/lib.sh
. bench/lib.sh

server=sluice
connections=10000
warmup=10
jvm_flags="-Xms1g -Xmx1g"
build=1
port=18090

while [ $# -gt 0 ]; do
  case "$1" in
    --server) server=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --jvm-flags) jvm_flags=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "http-idle-bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$server" in sluice|raw) ;; *) echo "http-idle-bench: unknown server '$server'" >&2; exit 2 ;; esac

limit=$(ulimit -n)
if [ "$limit" != unlimited ] && [ $((connections + 300)) -gt "$limit" ]; then
  echo "http-idle-bench: $connections connections need more file descriptors than ulimit -n allows ($limit)" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "http-idle-bench: needs python3" >&2; exit 1; }
if [ "$warmup" -gt 0 ] && ! command -v wrk >/dev/null; then
  echo "http-idle-bench: the warm-up needs wrk (apt-get install wrk), or pass --warmup 0" >&2
  exit 1
fi

JAVA_HOME=$(bin/find-java) || exit 1
export JAVA_HOME
work="$root/bench/target/http-idle-bench"
rm -rf "$work"
mkdir -p "$work/docroot"
printf 'Hello, world\n' >"$work/docroot/hello.txt"

trap stop_started EXIT
trap 'exit 130' INT TERM

if [ "$build" = 1 ]; then
  echo "== building (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi

if port_in_use "$port"; then
  echo "http-idle-bench: port $port is already in use" >&2
  exit 1
fi
if [ "$server" = raw ]; then
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $jvm_flags --enable-native-access=ALL-UNNAMED \
    -cp "$root/bench/target/classes:$root/bench/target/lib/*" org.sluice.bench.RawNettyHttp "$port" \
    >"$work/server.log" 2>&1 &
else
  SLUICE_JAVA_OPTS="$jvm_flags" bin/sluice -f "$root/bench/sluice-http-bench.conf" -C "Define HTTP_PORT $port" \
    -C "Define DOCROOT $work/docroot" -C "Define ACCESS_LOG $work/access.log" >"$work/server.log" 2>&1 &
fi
pid=$!
started+=("$pid")
for _ in $(seq 300); do
  port_in_use "$port" && break
  kill -0 "$pid" 2>/dev/null || { echo "http-idle-bench: the server exited; see $work/server.log" >&2; exit 1; }
  sleep 0.1
done

if [ "$warmup" -gt 0 ]; then
  echo "== warm-up: wrk for ${warmup} s"
  wrk -t1 -c64 -d"${warmup}s" "http://127.0.0.1:$port/hello.txt" >"$work/warmup.txt"
fi
# A few hundred connections come and go first, so what is made once is not counted.
python3 bench/http-idle-clients.py "$port" 200 </dev/null >/dev/null

# The live heap in KiB after a full GC, and the resident set in KiB.
heap_kib() {
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9
}
rss_kib() {
  awk '/^VmRSS/ {print $2}' "/proc/$pid/status"
}
histogram() { # FILE: class, instances, bytes
  "$JAVA_HOME/bin/jmap" -histo:live "$pid" | awk '$1 ~ /^[0-9]+:$/ {print $4, $2, $3}' >"$1"
}

heap_before=$(heap_kib)
rss_before=$(rss_kib)
histogram "$work/histo-before.txt"

echo "== opening $connections idle connections"
mkfifo "$work/hold"
python3 bench/http-idle-clients.py "$port" "$connections" <"$work/hold" >"$work/clients.txt" 2>&1 &
clients=$!
started+=("$clients")
exec 3>"$work/hold" # the clients hold their connections while this stays open
until grep -q '^ready' "$work/clients.txt"; do
  kill -0 "$clients" 2>/dev/null || { cat "$work/clients.txt" >&2; exit 1; }
  sleep 0.5
done
sleep 2 # the last responses written, the handlers parked

heap_after=$(heap_kib)
rss_after=$(rss_kib)
histogram "$work/histo-after.txt"
exec 3>&-

per_connection() { # KIB_BEFORE KIB_AFTER
  echo $(( ($2 - $1) * 1024 / connections ))
}
echo
echo "== $connections idle HTTP connections to $server ($(date -u '+%Y-%m-%d %H:%M UTC'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1))"
printf '%-28s %12s %12s %16s\n' "" "before KiB" "after KiB" "bytes/connection"
printf '%-28s %12s %12s %16s\n' "Java heap (live, after GC)" "$heap_before" "$heap_after" "$(per_connection "$heap_before" "$heap_after")"
printf '%-28s %12s %12s %16s\n' "resident set (RSS)" "$rss_before" "$rss_after" "$(per_connection "$rss_before" "$rss_after")"
echo
echo "== the classes that grew most (bytes per connection, instances per connection)"
awk -v n="$connections" '
  NR == FNR { bytes[$1] = $3; count[$1] = $2; next }
  { grown = $3 - bytes[$1]; if (grown > 0) printf "%9.0f %7.2f  %s\n", grown / n, ($2 - count[$1]) / n, $1 }
' "$work/histo-before.txt" "$work/histo-after.txt" | sort -rn | head -15
echo "(the server's log and the histograms in $work)"
