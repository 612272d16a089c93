#!/usr/bin/env bash
# HTTP benchmark: Sluice's http module against nginx, Apache httpd 2.4 (event MPM) and a raw
# Netty HTTP server (the baseline), all serving the same 13-byte file (raw Netty a canned reply)
# with keep-alive, pinned to core 0, driven by wrk pinned to core 1, in the same run. Prints a
# table and the ratios Sluice/nginx and Sluice/raw-netty. See bench/README.md.
#
#   bench/http-bench.sh                  # 10 s per server after a 30 s warm-up
#   bench/http-bench.sh --quick          # 3 s per server after a 1 s warm-up
#   bench/http-bench.sh --targets nginx,raw --seconds 5
#   bench/http-bench.sh --targets sluice,canned,raw   # where Sluice's time goes: framework or http
#   bench/http-bench.sh --tls            # HTTPS: Sluice, nginx and Apache with the same certificate
#
# Installs nginx, apache2 and wrk from Debian when missing (not with --no-install). Stops
# everything it started when it exits, also on Ctrl-C.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/http-bench.sh [options]
  --quick                 shorter run: --seconds 3 --warmup 1
  --targets LIST          comma-separated subset of sluice,nginx,apache,raw,canned (default: the first
                          four); canned is Sluice's connection machinery alone: the bench module's
                          canned-reply protocol answers each request with raw Netty's reply
  --seconds N             wrk measuring time per server (default 10)
  --warmup N              seconds of wrk warm-up per server before measuring, in three runs of N/3 s
                          (default 30: the JVMs need it to compile their hot paths, and the
                          connections that end between runs make them compile the closing paths too)
  --connections N         wrk connections (default 64)
  --rounds N              measure every server N times, in turns; report the best (default 1)
  --jvm-flags "FLAGS"     JVM flags for Sluice and raw Netty (default "-Xms1g -Xmx1g")
  --server-cpu N          core for the servers (default 0)
  --load-cpu N            core for wrk (default 1)
  --no-build              use what is already built
  --sluice-directive "D"  an extra directive for Sluice (-c), e.g. "HandlerScheduler jdk"
  --no-install            do not apt-get what is missing; servers not installed are skipped
  --tls                   HTTPS (TLS 1.3, one EC P-256 certificate made for the run) for sluice,
                          nginx and apache; raw and canned speak no TLS and are skipped
  -h, --help              this text
Ports: Sluice 18080, nginx 18081, Apache 18082, raw Netty 18083, canned 18084 (all on 127.0.0.1).
EOF
}

root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=bench/lib.sh
. bench/lib.sh

targets=sluice,nginx,apache,raw
seconds=10
warmup=30
connections=64
rounds=1
jvm_flags="-Xms1g -Xmx1g"
server_cpu=0
load_cpu=1
build=1
sluice_directives=()
install=1
tls=0

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) seconds=3 warmup=1; shift ;;
    --targets) targets=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --jvm-flags) jvm_flags=$2; shift 2 ;;
    --server-cpu) server_cpu=$2; shift 2 ;;
    --load-cpu) load_cpu=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --sluice-directive) sluice_directives+=(-c "$2"); shift 2 ;;
    --no-install) install=0; shift ;;
    --tls) tls=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "http-bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

for t in ${targets//,/ }; do
  case "$t" in sluice|nginx|apache|raw|canned) ;; *) echo "http-bench: unknown target '$t'" >&2; exit 2 ;; esac
done
wants() { [[ ",$targets," == *",$1,"* ]]; }

declare -A port_of=([sluice]=18080 [nginx]=18081 [apache]=18082 [raw]=18083 [canned]=18084)
declare -A name_of=([sluice]=sluice [nginx]=nginx [apache]=apache [raw]=raw-netty [canned]=sluice-canned)
declare -A unavailable # target -> why
scheme=http
if [ "$tls" = 1 ]; then
  scheme=https
  unavailable[raw]="speaks no TLS (--tls)"
  unavailable[canned]="speaks no TLS (--tls)"
fi

# --- what is needed -------------------------------------------------------------------------

missing=()
command -v wrk >/dev/null || missing+=(wrk)
wants nginx && ! command -v nginx >/dev/null && ! [ -x /usr/sbin/nginx ] && missing+=(nginx)
wants apache && ! [ -x /usr/sbin/apache2 ] && missing+=(apache2)
[ "$tls" = 1 ] && ! command -v openssl >/dev/null && missing+=(openssl)
[ "$tls" = 1 ] && ! command -v curl >/dev/null && missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$install" = 1 ]; then
    apt_install "${missing[@]}"
  else
    for m in "${missing[@]}"; do
      case "$m" in
        wrk) echo "http-bench: wrk is not installed (drop --no-install, or apt-get install wrk)" >&2; exit 1 ;;
        nginx) unavailable[nginx]="not installed (--no-install)" ;;
        apache2) unavailable[apache]="not installed (--no-install)" ;;
        openssl|curl) echo "http-bench: --tls needs $m (drop --no-install, or apt-get install $m)" >&2; exit 1 ;;
      esac
    done
  fi
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

JAVA_HOME=$(bin/find-java) || exit 1
export JAVA_HOME
java="$JAVA_HOME/bin/java"

# --- where things go ------------------------------------------------------------------------

work="$root/bench/target/http-bench"
rm -rf "$work"
mkdir -p "$work"/nginx "$work"/apache "$work"/sluice "$work"/raw "$work"/canned
docroot=$(mktemp -d "${TMPDIR:-/tmp}/sluice-http-bench.XXXXXX")
# nginx's and Apache's workers may run as another user: they must be able to read it.
chmod 755 "$docroot"
printf 'Hello, world\n' >"$docroot/hello.txt"
chmod 644 "$docroot/hello.txt"
expected_body=$'Hello, world\n'
if [ "$tls" = 1 ]; then
  # one certificate for every server; readable by nginx's and Apache's workers
  mkdir -p "$work/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
  chmod 755 "$work/tls"
  chmod 644 "$work/tls/key.pem" "$work/tls/cert.pem"
fi

cleanup() {
  stop_started "$work/apache/httpd.pid"
  rm -rf "$docroot"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$build" = 1 ]; then
  echo "== building (mvn -q -B -DskipTests package)"
  mvn -q -B -DskipTests package
fi
cp="$root/bench/target/classes:$root/bench/target/lib/*"
if wants sluice || wants canned; then
  # bin/sluice builds on its own when it thinks sources changed; let that happen now, not timed.
  bin/sluice -v >/dev/null 2>&1 || unavailable[sluice]="bin/sluice -v failed"
fi

# --- the servers' configurations ------------------------------------------------------------

# nginx: one worker, keep-alive, access log ON in the combined format (as Apache and Sluice).
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events {
    worker_connections 4096;
}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $work/nginx/access.log combined;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30s;
    keepalive_requests 1000000000;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:${port_of[nginx]}$( [ "$tls" = 1 ] && echo " ssl");
        server_name localhost;
        root $docroot;
$( [ "$tls" = 1 ] && printf '        ssl_certificate %s;\n        ssl_certificate_key %s;\n' "$work/tls/cert.pem" "$work/tls/key.pem")
    }
}
EOF

# Apache: the event MPM in one child process, keep-alive without a request limit, access log
# ON in the combined format. Twice as many worker threads as wrk has connections: when every
# worker is busy, the event MPM closes idle keep-alive connections, which wrk counts as errors.
apache_threads=$(( connections * 2 > 64 ? connections * 2 : 64 ))
{
  apache_conf_head "$work/apache" warn
  cat <<EOF
Listen 127.0.0.1:${port_of[apache]}
ServerName localhost
StartServers 1
ServerLimit 1
ThreadLimit $apache_threads
ThreadsPerChild $apache_threads
MaxRequestWorkers $apache_threads
MinSpareThreads 1
MaxSpareThreads $apache_threads
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
EOF
  apache_conf_docroot "$docroot" "$work/apache/access.log"
  if [ "$tls" = 1 ]; then
    printf '<IfModule !%s_module>\n    LoadModule %s_module %s/mod_%s.so\n</IfModule>\n' \
      ssl ssl "$apache_modules" ssl socache_shmcb socache_shmcb "$apache_modules" socache_shmcb
    printf 'SSLEngine on\nSSLCertificateFile %s\nSSLCertificateKeyFile %s\n' "$work/tls/cert.pem" "$work/tls/key.pem"
  fi
} >"$work/apache/httpd.conf"
sluice_tls=()
if [ "$tls" = 1 ]; then
  sluice_tls=(-C "LoadModule ssl" -C "SSLEngine on" -C "SSLCertificateFile $work/tls/cert.pem"
    -C "SSLCertificateKeyFile $work/tls/key.pem")
fi

# --- starting and stopping ------------------------------------------------------------------

# GET /hello.txt over a fresh connection; true if it is a 200 with the 13-byte body.
probe() {
  local port=$1 response
  if [ "$tls" = 1 ]; then
    response=$(curl -sk --max-time 5 "https://127.0.0.1:$port/hello.txt") || return 1
    [ "$response" = "${expected_body%$'\n'}" ]
    return
  fi
  response=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && \
    printf 'GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && \
    timeout 5 cat <&3) 2>/dev/null || return 1
  # $(...) drops the body's final newline; the status line and the rest must match.
  [[ "$response" == "HTTP/1."[01]" 200"* ]] && [[ "$response" == *$'\r\n\r\n'"${expected_body%$'\n'}" ]]
}

# Starts a target pinned to the server core; on failure marks it unavailable and returns 1.
start_server() {
  local target=$1 port=${port_of[$1]} log="$work/$1/stdout.log"
  if port_in_use "$port"; then
    unavailable[$target]="port $port is already in use"
    return 1
  fi
  case "$target" in
    sluice)
      SLUICE_JAVA_OPTS="$jvm_flags" taskset -c "$server_cpu" bin/sluice -f "$root/bench/sluice-http-bench.conf" \
        -C "Define HTTP_PORT $port" -C "Define DOCROOT $docroot" -C "Define ACCESS_LOG $work/sluice/access.log" \
        "${sluice_tls[@]}" "${sluice_directives[@]}" >"$log" 2>&1 &
      ;;
    canned)
      SLUICE_JAVA_OPTS="$jvm_flags" taskset -c "$server_cpu" bin/sluice -f "$root/bench/sluice-canned-bench.conf" \
        -C "Define HTTP_PORT $port" -C "Define BENCH_JARS $root/bench/target" >"$log" 2>&1 &
      ;;
    raw)
      # shellcheck disable=SC2086
      taskset -c "$server_cpu" "$java" $jvm_flags --enable-native-access=ALL-UNNAMED -cp "$cp" \
        org.sluice.bench.RawNettyHttp "$port" >"$log" 2>&1 &
      ;;
    nginx)
      taskset -c "$server_cpu" "$nginx_bin" -p "$work/nginx/" -e "$work/nginx/error.log" \
        -c "$work/nginx/nginx.conf" >"$log" 2>&1 &
      ;;
    apache)
      taskset -c "$server_cpu" "$apache_bin" -f "$work/apache/httpd.conf" -DFOREGROUND >"$log" 2>&1 &
      ;;
  esac
  local pid=$!
  started+=("$pid")
  pid_of[$target]=$pid
  for _ in $(seq 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      unavailable[$target]="exited during start-up: $(cat "$log" "$work/$target/error.log" 2>/dev/null \
        | grep -v '^WARNING' | grep -m1 -A1 -iE 'error|invalid|exception|cannot|failed|unknown' | tr '\n' ' ' \
        | cut -c1-200 || true)"
      return 1
    fi
    if port_in_use "$port"; then
      if probe "$port"; then
        echo "== ${name_of[$target]}: pid $pid on 127.0.0.1:$port"
        return 0
      fi
      unavailable[$target]="listens on $port but GET /hello.txt is not a 200 with 'Hello, world'"
      stop_server "$target"
      return 1
    fi
    sleep 0.1
  done
  unavailable[$target]="did not listen on $port within 30 s"
  stop_server "$target"
  return 1
}

stop_server() {
  [ -z "${pid_of[$1]:-}" ] || stop_pid "${pid_of[$1]}"
}

# --- measuring ------------------------------------------------------------------------------

declare -A pid_of result
clock_ticks=$(getconf CLK_TCK)

wrk_run() { # PORT SECONDS OUTPUT
  taskset -c "$load_cpu" wrk -t1 -c"$connections" -d"${2}s" --latency "$scheme://127.0.0.1:$1/hello.txt" >"$3" 2>&1
}

# Microseconds from wrk's "1.23ms" / "456.00us" / "1.01s".
to_us() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.0f", v }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.0f", v * 1000 }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000000 }
    else { printf "-" } }'
}

# Clock ticks of user and system time used so far by a server: the process and its children
# (nginx's and Apache's workers).
cpu_ticks() { # PID
  local total=0 p t
  for p in "$1" $(pgrep -P "$1" || true); do
    t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$(( total + t ))
  done
  echo "$total"
}

measure() {
  local target=$1 port=${port_of[$1]} out="$work/$1/wrk.txt"
  echo "-- ${name_of[$target]}: ${warmup}s warm-up, ${seconds}s measured, $connections connections"
  local part=$(( warmup / 3 )) runs=3 i
  if [ "$part" -lt 1 ]; then part=$warmup runs=1; fi
  for i in $(seq "$runs"); do
    wrk_run "$port" "$part" "$work/$target/warmup-$i.txt" || true
  done
  local ticks_before ticks_after
  ticks_before=$(cpu_ticks "${pid_of[$target]}")
  if ! wrk_run "$port" "$seconds" "$out"; then
    sed 's/^/   /' "$out"
    echo "   wrk failed against ${name_of[$target]}" >&2
    result[$target.failed]=1
    return 0
  fi
  sed -n -e '/Latency Distribution/,/requests in/p' -e '/Socket errors/p' -e '/Non-2xx/p' -e '/Requests\/sec/p' "$out" \
    | sed 's/^ */   /'
  ticks_after=$(cpu_ticks "${pid_of[$target]}")
  local rps non2xx socket p50 p99 requests cpu
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  requests=$(awk '/ requests in / { print $1 }' "$out")
  # server CPU time (user + system) per request, in microseconds
  cpu=$(awk -v t=$(( ticks_after - ticks_before )) -v hz="$clock_ticks" -v n="${requests:-0}" \
    'BEGIN { if (n > 0) printf "%.1f", t * 1000000 / hz / n; else printf "-" }')
  echo "   server CPU: ${cpu} us per request"
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$out" \
    | awk '{ print $1 + $2 + $3 + $4 }')
  p50=$(to_us "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_us "$(awk '$1 == "99%" { print $2 }' "$out")")
  non2xx=${non2xx:-0} socket=${socket:-0}
  # Over several rounds keep the best rate (outside load only makes results worse), and the
  # latencies of that round; errors add up.
  local old=${result[$target.rps]:-}
  if [ -z "$old" ] || awk "BEGIN { exit !($rps > $old) }"; then
    result[$target.rps]=$rps
    result[$target.p50]=$p50
    result[$target.p99]=$p99
    result[$target.cpu]=$cpu
  fi
  result[$target.non2xx]=$(( ${result[$target.non2xx]:-0} + non2xx ))
  result[$target.socket]=$(( ${result[$target.socket]:-0} + socket ))
}

echo "== servers on core $server_cpu, wrk on core $load_cpu; document root $docroot"
active=()
for target in sluice canned nginx apache raw; do
  wants "$target" || continue
  [ -z "${unavailable[$target]:-}" ] || continue
  if start_server "$target"; then
    active+=("$target")
  else
    echo "== ${name_of[$target]}: not available: ${unavailable[$target]}"
  fi
done
# All servers stay up and take turns, so noise from elsewhere on the machine hits them alike;
# an idle server costs next to nothing.
for round in $(seq "$rounds"); do
  for target in "${active[@]}"; do
    measure "$target"
  done
done
for target in "${active[@]}"; do
  log=""
  case "$target" in
    sluice) log="$work/sluice/access.log" ;;
    nginx) log="$work/nginx/access.log" ;;
    apache) log="$work/apache/access.log" ;;
  esac
  stop_server "$target"
  if [ -n "$log" ]; then
    result[$target.logged]=$( [ -f "$log" ] && wc -l <"$log" || echo 0 )
  fi
done

# --- the table ------------------------------------------------------------------------------

echo
echo "== results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk -t1 -c$connections -d${seconds}s, best of $rounds)"
printf '%-13s %12s %10s %10s %11s %9s %9s %14s  %s\n' server 'requests/s' 'p50 us' 'p99 us' 'cpu us/req' non-2xx 'sock err' 'access log' note
errors=0
for target in sluice canned nginx apache raw; do
  wants "$target" || continue
  if [ -n "${unavailable[$target]:-}" ]; then
    printf '%-13s %12s %10s %10s %11s %9s %9s %14s  %s\n' "${name_of[$target]}" - - - - - - - "not available: ${unavailable[$target]}"
    continue
  fi
  note=""
  if [ -n "${result[$target.failed]:-}" ]; then note="wrk failed"; errors=1; fi
  if [ "${result[$target.non2xx]:-0}" != 0 ] || [ "${result[$target.socket]:-0}" != 0 ]; then
    note="ERRORS: results are not comparable"
    errors=1
  fi
  logged=${result[$target.logged]:-}
  case "$target" in raw|canned) logged="(none)" ;; *) logged="${logged:-0} lines" ;; esac
  printf '%-13s %12s %10s %10s %11s %9s %9s %14s  %s\n' "${name_of[$target]}" "${result[$target.rps]:--}" \
    "${result[$target.p50]:--}" "${result[$target.p99]:--}" "${result[$target.cpu]:--}" "${result[$target.non2xx]:-0}" \
    "${result[$target.socket]:-0}" "$logged" "$note"
done

ratio() { # A B
  if [ -n "${1:-}" ] && [ -n "${2:-}" ] && awk "BEGIN { exit !($2 != 0) }"; then
    awk "BEGIN { printf \"%.2f\", $1 / $2 }"
  else
    echo "- (not measured)"
  fi
}
echo
echo "sluice/nginx      $(ratio "${result[sluice.rps]:-}" "${result[nginx.rps]:-}")"
echo "sluice/raw-netty  $(ratio "${result[sluice.rps]:-}" "${result[raw.rps]:-}")"
echo "sluice/apache     $(ratio "${result[sluice.rps]:-}" "${result[apache.rps]:-}")"
echo "nginx/raw-netty   $(ratio "${result[nginx.rps]:-}" "${result[raw.rps]:-}")"
if wants canned; then
  echo "canned/raw-netty  $(ratio "${result[canned.rps]:-}" "${result[raw.rps]:-}")"
fi
echo "(requests/s ratios, higher is better for the first named; logs and wrk output in $work)"
exit "$errors"
