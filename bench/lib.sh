# Shared by the benchmark scripts (echo-bench.sh, http-bench.sh, http-conformance.sh): sourced,
# not run. Keeps track of the processes a script starts and stops them when it exits, installs
# Debian packages, and writes the part of an Apache httpd configuration every script shares.

# Processes to stop when the script exits (see stop_started).
started=()

# True if something accepts connections on 127.0.0.1:PORT.
port_in_use() { # PORT
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# SIGTERM, up to 10 s to exit, then SIGKILL.
stop_pid() { # PID
  kill "$1" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

# Stops every process in $started, all at once: SIGTERM to each, then up to 5 s each to exit.
# Apache's children exit with their parent; the ones of APACHE_PID_FILE (when given) are killed
# too, not to leave it to chance.
stop_started() { # [APACHE_PID_FILE]
  local pid
  for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "${1:-}" ] && [ -f "$1" ]; then pkill -9 -P "$(cat "$1")" 2>/dev/null || true; fi
}

# apt-get installs the packages (with sudo unless root). Debian starts the services it packages
# where it can; the benchmarks run their own instances, so nginx and apache2 are stopped again.
apt_install() { # PACKAGE...
  local as_root=() package
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  echo "== installing $* (apt-get)"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "$@" >/dev/null
  for package in "$@"; do
    case "$package" in
      nginx|apache2)
        if command -v service >/dev/null; then "${as_root[@]}" service "$package" stop >/dev/null 2>&1 || true; fi ;;
    esac
  done
}

apache_bin=/usr/sbin/apache2
apache_modules=/usr/lib/apache2/modules

# The head of an httpd.conf for a private Apache under DIR: its runtime files in DIR, the
# modules static serving needs (event MPM, authz_core, mime, dir, log_config) and, when run as
# root, the www-data user.
apache_conf_head() { # DIR LOGLEVEL
  local dir=$1 m
  cat <<EOF
ServerRoot "$dir"
DefaultRuntimeDir "$dir"
PidFile "$dir/httpd.pid"
Mutex file:$dir default
ErrorLog "$dir/error.log"
LogLevel $2
EOF
  for m in mpm_event authz_core mime dir log_config; do
    # Some builds compile a module in (Debian: log_config); loading it again is an error.
    printf '<IfModule !%s_module>\n    LoadModule %s_module %s/mod_%s.so\n</IfModule>\n' "$m" "$m" "$apache_modules" "$m"
  done
  if [ "$(id -u)" = 0 ]; then
    printf 'User www-data\nGroup www-data\n'
  fi
}

# The tail of that httpd.conf: DOCROOT served to everybody, nothing else, an access log in the
# combined format.
apache_conf_docroot() { # DOCROOT ACCESS_LOG
  cat <<EOF
TypesConfig /etc/mime.types
DocumentRoot "$1"
<Directory />
    Require all denied
</Directory>
<Directory "$1">
    Require all granted
</Directory>
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined
CustomLog "$2" combined
EOF
}
