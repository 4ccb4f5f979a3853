#!/usr/bin/env bash
# The Compose/Kubernetes topology as plain processes on this machine, loopback only:
# PostgreSQL 15 (Debian's binaries, initdb'd into the work dir), two marketgate instances
# sharing it, nginx load-balancing them, and the payments sandbox.
#
#   deploy/local-cluster.sh up              start what is not running, print the endpoints
#   deploy/local-cluster.sh status          state and health of each part (exit 1 if one is down)
#   deploy/local-cluster.sh reload          SIGHUP to each gateway: reload the market files
#   deploy/local-cluster.sh stop-instance N drain and stop gateway N (`up` starts it again)
#   deploy/local-cluster.sh down            stop everything and delete the work dir
#
# Idempotent: `up` twice leaves one cluster, and `up` after `stop-instance` restarts only
# that instance; `down` with nothing up does nothing. A failed `up` takes the whole cluster
# down and deletes the work dir. Runs as root (PostgreSQL then runs as
# the `postgres` user, nginx workers as `nobody`) or as any user. Needs the Debian packages
# postgresql, nginx and curl (deploy/install-deps.sh installs them) and a built gateway.
#
# Environment (defaults in brackets):
#   MG_CLUSTER_DIR       work dir: configs, data, logs, pid files [build/local-cluster]
#   MG_CLUSTER_PORT      base port [18080]: nginx = base, gateway N = base+N (admin base+10+N),
#                        sandbox = base+20, PostgreSQL = base+30
#   MG_CLUSTER_TIMEOUT   seconds to wait for each part to become ready [60]
#   MG_GATEWAY_BIN       [build/gateway/marketgate]; must implement `serve --config FILE`
#   MG_SANDBOX_BIN       [build/gateway/sandbox/marketgate-sandbox]; skipped when not built
#   MG_SANDBOX_ARGS      sandbox arguments [--address 127.0.0.1 --port <port>]
# Nginx retry policy: see deploy/compose/nginx.conf (the same rules, generated here).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${MG_BUILD_DIR:-$root/build}
dir=${MG_CLUSTER_DIR:-$build_dir/local-cluster}
base=${MG_CLUSTER_PORT:-18080}
timeout=${MG_CLUSTER_TIMEOUT:-60}
gateway_bin=${MG_GATEWAY_BIN:-$build_dir/gateway/marketgate}
sandbox_bin=${MG_SANDBOX_BIN:-$build_dir/gateway/sandbox/marketgate-sandbox}
instances=(1 2)
marker=.marketgate-local-cluster
# While a cluster is up, the settings it was started with win over the environment, so that
# `down` and `status` find its processes and ports.
if [[ -f "$dir/cluster.state" ]]; then
  # shellcheck disable=SC1091
  source "$dir/cluster.state"
fi
lb_port=$base sandbox_port=$((base + 20)) pg_port=$((base + 30))

say() { printf 'local-cluster: %s\n' "$*"; }
die() { say "error: $*" >&2; exit 1; }
gateway_port() { echo $((base + $1)); }
admin_port() { echo $((base + 10 + $1)); }
is_root() { [[ $(id -u) -eq 0 ]]; }
# Runs a PostgreSQL command as the data directory's owner.
as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_bindir() {
  local d
  d=$(pg_config --bindir 2>/dev/null || true)
  [[ -x "$d/initdb" ]] || d=/usr/lib/postgresql/15/bin
  [[ -x "$d/initdb" ]] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  echo "$d"
}

# --- Process bookkeeping: a pid file per part; a pid counts only while its command line
# still names the expected program, so a recycled pid is never signalled. ---
pid_of() { # NAME PROGRAM -> prints the live pid, or fails
  local f="$dir/run/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(head -n1 "$f")
  [[ "$pid" =~ ^[0-9]+$ ]] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null \
    | grep -q -- "$2" && echo "$pid"
}

stop_pid() { # NAME PROGRAM SIGNAL WAIT_SECONDS
  local pid i
  pid=$(pid_of "$1" "$2") || { rm -f "$dir/run/$1.pid"; return 0; }
  kill "-$3" "$pid" 2>/dev/null || true
  for ((i = 0; i < $4 * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$1 did not stop within $4 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/run/$1.pid"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_until() { # DESCRIPTION NAME PROGRAM COMMAND... : polls COMMAND while NAME lives
  local what=$1 name=$2 prog=$3 i
  shift 3
  for ((i = 0; i < timeout * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    pid_of "$name" "$prog" >/dev/null || break
    sleep 0.2
  done
  say "$what did not become ready; last lines of $dir/logs/$name.log:" >&2
  tail -n 20 "$dir/logs/$name.log" >&2 || true
  return 1
}

# Starts PROGRAM ARGS... detached from this shell, logging to logs/NAME.log. The child
# writes its own pid, so the pid file is right even if setsid has to fork.
spawn() { # NAME PROGRAM ARGS...
  local name=$1
  shift
  # shellcheck disable=SC2016  # $$ and $@ belong to the child shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/run/$name.pid" "$@" \
    </dev/null >>"$dir/logs/$name.log" 2>&1 &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$dir/run/$name.pid" ]] && return 0; sleep 0.1; done
  die "$name did not start"
}

# --- Work dir and secrets (generated once, kept in cluster.env, mode 0600). ---
init_dir() {
  if [[ -e "$dir" && ! -e "$dir/$marker" ]]; then
    die "$dir exists and is not a local-cluster work dir; set MG_CLUSTER_DIR"
  fi
  mkdir -p "$dir/run" "$dir/logs"
  touch "$dir/$marker"
  if [[ ! -f "$dir/cluster.env" ]]; then
    local pw api admin
    pw=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    api=mg_local_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    admin=mg_admin_$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    (umask 077 && printf 'MG_PG_PASSWORD=%s\nMG_API_KEY=%s\nMG_ADMIN_KEY=%s\n' \
      "$pw" "$api" "$admin" >"$dir/cluster.env")
  fi
  if [[ ! -f "$dir/cluster.state" ]]; then
    printf 'base=%q\ngateway_bin=%q\nsandbox_bin=%q\n' "$base" "$gateway_bin" "$sandbox_bin" \
      >"$dir/cluster.state"
  fi
  # shellcheck disable=SC1091
  source "$dir/cluster.env"
}

# --- PostgreSQL 15 ---
start_postgres() {
  local bin pg=$dir/pg
  bin=$(pg_bindir)
  if [[ ! -f "$pg/data/PG_VERSION" ]]; then
    rm -rf "$pg" && mkdir -p "$pg/run"
    is_root && chown -R postgres: "$pg"
    as_pg test -w "$pg" || die "user postgres cannot write $pg (a parent dir is private?); set MG_CLUSTER_DIR, e.g. /tmp/marketgate-cluster"
    as_pg "$bin/initdb" -D "$pg/data" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/logs/initdb.log" 2>&1 \
      || { tail -n 20 "$dir/logs/initdb.log" >&2; die "initdb failed"; }
    as_pg tee -a "$pg/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg/run'
EOF
  fi
  if ! as_pg "$bin/pg_ctl" -D "$pg/data" status >/dev/null 2>&1; then
    port_free "$pg_port" || die "port $pg_port is taken; set MG_CLUSTER_PORT"
    as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t "$timeout" start >/dev/null \
      || { tail -n 20 "$pg/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  local psql=(as_pg "$bin/psql" -h "$pg/run" -p "$pg_port" -U postgres -d postgres -qAt
    -v ON_ERROR_STOP=1)
  if [[ -z $("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'marketgate'") ]]; then
    "${psql[@]}" -c "CREATE ROLE marketgate LOGIN PASSWORD '$MG_PG_PASSWORD'"
    "${psql[@]}" -c "CREATE DATABASE marketgate OWNER marketgate"
  fi
}

stop_postgres() {
  [[ -f "$dir/pg/data/PG_VERSION" ]] || return 0
  as_pg "$(pg_bindir)/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

# --- Sandbox and gateways ---
start_sandbox() {
  pid_of sandbox "$sandbox_bin" >/dev/null && return 0
  if [[ ! -x "$sandbox_bin" ]]; then
    say "sandbox not built ($sandbox_bin); skipped"
    return 0
  fi
  port_free "$sandbox_port" || die "port $sandbox_port is taken; set MG_CLUSTER_PORT"
  # shellcheck disable=SC2086  # MG_SANDBOX_ARGS is a word list by design
  spawn sandbox "$sandbox_bin" ${MG_SANDBOX_ARGS:---address 127.0.0.1 --port $sandbox_port}
  wait_until "sandbox" sandbox "$sandbox_bin" bash -c "exec 3<>/dev/tcp/127.0.0.1/$sandbox_port"
}

write_gateway_config() { # N
  local n=$1 api_hash admin_hash
  api_hash=$(printf '%s' "$MG_API_KEY" | sha256sum | cut -d' ' -f1)
  admin_hash=$(printf '%s' "$MG_ADMIN_KEY" | sha256sum | cut -d' ' -f1)
  mkdir -p "$dir/gateway-$n"
  (umask 077 && cat >"$dir/gateway-$n/marketgate.yaml" <<EOF
# Generated by deploy/local-cluster.sh for gateway $n; rewritten at every \`up\`.
listen: 127.0.0.1:$(gateway_port "$n")
admin_listen: 127.0.0.1:$(admin_port "$n")
regions_dir: $root/regions
default_return_url: https://app.example/checkout/return
store:
  driver: postgres
  dsn: host=127.0.0.1 port=$pg_port dbname=marketgate user=marketgate password=$MG_PG_PASSWORD
api_keys:
  - name: local
    sha256: $api_hash
    scopes: [read, purchases, ads]
  - name: local-admin
    sha256: $admin_hash
    scopes: [admin]
# The in-process sandbox, named for every provider the markets route to: it moves no money.
providers:
  stripe: {kind: sandbox}
  adyen: {kind: sandbox}
  pix: {kind: sandbox}
EOF
  )
}

start_gateway() { # N
  local n=$1 port
  port=$(gateway_port "$n")
  pid_of "gateway-$n" "$gateway_bin" >/dev/null && return 0
  [[ -x "$gateway_bin" ]] || die "$gateway_bin is not built (deploy/build.sh) or set MG_GATEWAY_BIN"
  port_free "$port" || die "port $port is taken; set MG_CLUSTER_PORT"
  port_free "$(admin_port "$n")" || die "port $(admin_port "$n") is taken; set MG_CLUSTER_PORT"
  write_gateway_config "$n"
  spawn "gateway-$n" "$gateway_bin" serve --config "$dir/gateway-$n/marketgate.yaml"
  wait_until "gateway $n" "gateway-$n" "$gateway_bin" \
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/readyz"
}

# --- nginx: its own prefix, config and pid file; never the system instance. ---
write_nginx_config() {
  local ngx=$dir/nginx n user_line=""
  mkdir -p "$ngx/logs" "$ngx/tmp"
  if is_root; then
    user_line="user nobody nogroup;"
    chown nobody:nogroup "$ngx/tmp"
  fi
  {
    cat <<EOF
# Generated by deploy/local-cluster.sh; the proxy rules mirror deploy/compose/nginx.conf.
$user_line
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log $ngx/logs/access.log;
  client_body_temp_path $ngx/tmp/body;
  proxy_temp_path $ngx/tmp/proxy;
  fastcgi_temp_path $ngx/tmp/fastcgi;
  uwsgi_temp_path $ngx/tmp/uwsgi;
  scgi_temp_path $ngx/tmp/scgi;
  server_tokens off;
  upstream marketgate {
EOF
    for n in "${instances[@]}"; do
      echo "    server 127.0.0.1:$(gateway_port "$n") max_fails=2 fail_timeout=10s;"
    done
    cat <<EOF
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$lb_port;
    client_max_body_size 1m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    proxy_set_header X-Request-Id \$request_id;
    proxy_connect_timeout 2s;
    proxy_read_timeout 35s;
    proxy_next_upstream_tries 2;
    proxy_next_upstream_timeout 40s;
    location = /lb-health { access_log off; return 200 "ok\n"; }
    location / {
      error_page 418 = @with_idempotency_key;
      if (\$http_idempotency_key) { return 418; }
      proxy_next_upstream error timeout http_502 http_503;
      proxy_pass http://marketgate;
    }
    location @with_idempotency_key {
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_pass http://marketgate;
    }
  }
}
EOF
  } >"$ngx/nginx.conf"
}

nginx_cmd() { nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log" "$@"; }

start_nginx() {
  command -v nginx >/dev/null || die "nginx not found (apt-get install nginx)"
  write_nginx_config
  nginx_cmd -t -q || die "generated nginx config is invalid: $dir/nginx/nginx.conf"
  if pid_of nginx "$dir/nginx" >/dev/null; then
    nginx_cmd -s reload
    return 0
  fi
  port_free "$lb_port" || die "port $lb_port is taken; set MG_CLUSTER_PORT"
  spawn nginx nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log" \
    -g 'daemon off;'
  wait_until "nginx" nginx "$dir/nginx" curl -fsS -o /dev/null "http://127.0.0.1:$lb_port/lb-health"
}

# --- Subcommands ---
print_endpoints() {
  local n
  say "up (work dir $dir)"
  echo "  load balancer  http://127.0.0.1:$lb_port"
  for n in "${instances[@]}"; do
    echo "  gateway $n      http://127.0.0.1:$(gateway_port "$n")  admin http://127.0.0.1:$(admin_port "$n")"
  done
  if pid_of sandbox "$sandbox_bin" >/dev/null; then
    echo "  sandbox        http://127.0.0.1:$sandbox_port"
  fi
  echo "  postgres       host=127.0.0.1 port=$pg_port dbname=marketgate user=marketgate"
  echo "  secrets        $dir/cluster.env (MG_API_KEY, MG_ADMIN_KEY, MG_PG_PASSWORD)"
  echo "  logs           $dir/logs/"
}

cmd_up() {
  init_dir
  # A failed start takes the whole cluster down, so that no half cluster is left behind.
  trap 'if (($? != 0)); then say "up failed; taking the cluster down"; cmd_down >/dev/null 2>&1; fi' EXIT
  start_postgres
  start_sandbox
  # One after the other: the first instance sets up the schema on a fresh database alone.
  local n
  for n in "${instances[@]}"; do start_gateway "$n"; done
  start_nginx
  trap - EXIT
  print_endpoints
}

cmd_down() {
  [[ -e "$dir/$marker" ]] || { say "nothing to stop"; return 0; }
  local n
  stop_pid nginx "$dir/nginx" QUIT 10
  for n in "${instances[@]}"; do stop_pid "gateway-$n" "$gateway_bin" TERM 35; done
  stop_pid sandbox "$sandbox_bin" TERM 10
  stop_postgres
  rm -rf "$dir"
  say "down; removed $dir"
}

cmd_status() {
  [[ -e "$dir/$marker" ]] || { say "not up"; return 1; }
  local ok=0 n port code
  row() { printf '  %-14s %-8s %s\n' "$1" "$2" "$3"; }
  if "$(pg_bindir)/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
    row postgres up "127.0.0.1:$pg_port"
  else
    row postgres DOWN "127.0.0.1:$pg_port"; ok=1
  fi
  for n in "${instances[@]}"; do
    port=$(gateway_port "$n")
    if pid_of "gateway-$n" "$gateway_bin" >/dev/null; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz" || true)
      row "gateway-$n" up "127.0.0.1:$port readyz=$code"
      [[ "$code" == 200 ]] || ok=1
    else
      row "gateway-$n" DOWN "127.0.0.1:$port"; ok=1
    fi
  done
  if pid_of sandbox "$sandbox_bin" >/dev/null; then
    row sandbox up "127.0.0.1:$sandbox_port"
  elif [[ -x "$sandbox_bin" ]]; then
    row sandbox DOWN "127.0.0.1:$sandbox_port"; ok=1
  else
    row sandbox skipped "not built"
  fi
  if pid_of nginx "$dir/nginx" >/dev/null &&
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$lb_port/lb-health"; then
    row nginx up "127.0.0.1:$lb_port"
  else
    row nginx DOWN "127.0.0.1:$lb_port"; ok=1
  fi
  return "$ok"
}

cmd_reload() {
  local n pid
  for n in "${instances[@]}"; do
    pid=$(pid_of "gateway-$n" "$gateway_bin") || { say "gateway $n is not running"; continue; }
    kill -HUP "$pid" && say "gateway $n: SIGHUP sent (markets reload; see $dir/logs/gateway-$n.log)"
  done
}

cmd_stop_instance() {
  local n=${1:-}
  [[ " ${instances[*]} " == *" $n "* ]] || { echo "usage: $0 stop-instance {${instances[*]}}" >&2; exit 2; }
  [[ -e "$dir/$marker" ]] || die "not up"
  stop_pid "gateway-$n" "$gateway_bin" TERM 35
  say "gateway $n stopped; nginx sends its traffic to the others (\`up\` starts it again)"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  reload) cmd_reload ;;
  stop-instance) cmd_stop_instance "${2:-}" ;;
  *) echo "usage: $0 {up|down|status|reload|stop-instance N}" >&2; exit 2 ;;
esac
