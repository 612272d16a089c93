#!/usr/bin/env bash
# HTTP/1.1 conformance comparison: sends every raw request of bench/http-corpus/ byte for byte
# to Sluice's http module and to Apache httpd 2.4 (same document root, same limits) and prints,
# per request, the status codes each one answered and how it left the connection. A comparison
# tool: it always exits 0 once both servers ran, and lists the differences at the end.
# See bench/http-corpus/README.md and bench/http-conformance.md.
#
#   bench/http-conformance.sh                     # build, start both, run the whole corpus
#   bench/http-conformance.sh --only '^1'         # only the framing requests
#   bench/http-conformance.sh --no-build --no-install
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/http-conformance.sh [options]
  --only REGEX       only the corpus files whose name matches
  --silence S       seconds of silence that end a read (default 2)
  --sluice-port N   default 18180
  --apache-port N   default 18181
  --no-build        use what is already built
  --no-install      do not apt-get apache2 when it is missing
  -h, --help        this text
Both servers listen on 127.0.0.1 only. Results: bench/target/http-conformance/.
EOF
}

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=bench/lib.sh
. bench/lib.sh

only=""
silence=2
sluice_port=18180
apache_port=18181
build=1
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only=$2; shift 2 ;;
    --silence) silence=$2; shift 2 ;;
    --sluice-port) sluice_port=$2; shift 2 ;;
    --apache-port) apache_port=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-install) install=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "http-conformance: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if ! [ -x "$apache_bin" ]; then
  if [ "$install" = 1 ]; then
    apt_install apache2
  else
    echo "http-conformance: apache2 is not installed (drop --no-install)" >&2
    exit 1
  fi
fi
command -v python3 >/dev/null || { echo "http-conformance: python3 is needed" >&2; exit 1; }

work="$root/bench/target/http-conformance"
rm -rf "$work"
mkdir -p "$work/apache" "$work/sluice"
docroot=$(mktemp -d "${TMPDIR:-/tmp}/sluice-http-conformance.XXXXXX")
chmod 755 "$docroot"
printf '<html><body>index</body></html>\n' >"$docroot/index.html"
printf 'Hello, world\n' >"$docroot/a.txt"
chmod 644 "$docroot"/*

cleanup() {
  stop_started "$work/apache/httpd.pid"
  rm -rf "$docroot"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$build" = 1 ]; then
  JAVA_HOME=$(bin/find-java) || exit 1
  export JAVA_HOME
  echo "== building (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi

# The same limits on both sides (Apache's defaults, written out), and a small body limit so that
# "body larger than LimitRequestBody" can be tried.
limits="LimitRequestLine 8190
LimitRequestFieldSize 8190
LimitRequestFields 100
LimitRequestBody 1024"

cat >"$work/sluice/sluice.conf" <<EOF
LoadModule http
ServerName localhost
LogLevel info
Timeout 10
GracefulShutdownTimeout 1
$limits
KeepAlive On
KeepAliveTimeout 10
MaxKeepAliveRequests 100
Listen 127.0.0.1:$sluice_port http
<VirtualHost *:$sluice_port>
    ServerName localhost
    ProtocolHandler http
    DocumentRoot "$docroot"
    DirectoryIndex index.html
    TypesConfig conf/mime.types
    CustomLog "$work/sluice/access.log" combined
</VirtualHost>
EOF

{
  apache_conf_head "$work/apache" info
  cat <<EOF
Listen 127.0.0.1:$apache_port
ServerName localhost
StartServers 1
ServerLimit 1
ThreadsPerChild 32
MaxRequestWorkers 32
MinSpareThreads 1
MaxSpareThreads 32
Timeout 10
$limits
KeepAlive On
KeepAliveTimeout 10
MaxKeepAliveRequests 100
DirectoryIndex index.html
EOF
  apache_conf_docroot "$docroot" "$work/apache/access.log"
} >"$work/apache/httpd.conf"

start() { # NAME PORT COMMAND...
  local name=$1 port=$2
  shift 2
  if port_in_use "$port"; then echo "http-conformance: port $port is already in use" >&2; exit 1; fi
  "$@" >"$work/$name/stdout.log" 2>&1 &
  local pid=$!
  started+=("$pid")
  for _ in $(seq 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "http-conformance: $name exited during start-up:" >&2
      cat "$work/$name/stdout.log" "$work/$name/error.log" 2>/dev/null | tail -20 >&2
      exit 1
    fi
    port_in_use "$port" && { echo "== $name: pid $pid on 127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  echo "http-conformance: $name did not listen on $port within 30 s" >&2
  exit 1
}

start sluice "$sluice_port" env SLUICE_NO_BUILD=${SLUICE_NO_BUILD:-} bin/sluice -f "$work/sluice/sluice.conf"
start apache "$apache_port" "$apache_bin" -f "$work/apache/httpd.conf" -DFOREGROUND
echo "== $(ls bench/http-corpus/*.http | wc -l) requests in bench/http-corpus; Apache $("$apache_bin" -v | sed -n 's/^Server version: //p')"
echo

only_args=()
[ -z "$only" ] || only_args=(--only "$only")
python3 bench/http-conformance.py --corpus bench/http-corpus --silence "$silence" \
  --target "sluice=127.0.0.1:$sluice_port" --target "apache=127.0.0.1:$apache_port" \
  --json "$work/results.json" "${only_args[@]}" | tee "$work/table.txt"
echo
echo "(configurations, logs, table.txt and results.json with every status line in $work)"
exit 0
