#!/usr/bin/env bash
# The load benchmark: one origin on loopback and, in front of it, nginx (as ingress-nginx runs it),
# Varnish (the seed's VCL), HAProxy and mcp-edge, each on its own loopback port and pinned to the
# proxy CPU, while the origin and the load generators run on the load CPU. For every proxy and
# scenario it reports requests/s, latency percentiles, CPU time per request (user+sys of all the
# proxy's processes divided by the requests the load generator counted) and peak RSS, and writes
# a markdown table and a PNG chart under bench/results/. See bench/README.md.
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
ALL_PROXIES="nginx varnish haproxy mcp-edge"
# sse runs last: a process whose memory grew for 8,000 streams may keep it (a JVM keeps its heap
# until a full collection), and the other scenarios' peak RSS is about their own load. What each
# proxy keeps after the streams closed is measured and reported in the sse row.
ALL_SCENARIOS="cache-2k cache-32k pass-h1 mcp-tools-list mcp-tools-list-pass h2-downstream h2c-upstream per-credential stampede websocket rate-limit rate-limit-global tls-cache-2k tls-h2-cache-2k tls-handshake sse"
# The growth curves (curves.sh): run only when asked for by name, each takes several points.
CURVE_SCENARIOS="load-level connections routes cache-size"

usage() {
  cat <<EOF
usage: bench/run.sh [--quick] [--proxies LIST] [--scenarios LIST] [--duration S]
                    [--warmup S] [--warmup-jvm S] [--warmup-rounds N] [--no-install] [--no-build]
                    [--out DIR] [--strict]

  --quick         CI smoke run: ~2 s per step, few connections, writes results/smoke.*
  --proxies       comma-separated subset of: ${ALL_PROXIES// /,}
  --scenarios     comma-separated subset of: ${ALL_SCENARIOS// /,}
                  or the growth curves (not run by default): ${CURVE_SCENARIOS// /,}
  --duration      seconds of measured load per scenario (default 30; quick 2)
  --warmup        warm-up seconds for nginx, Varnish, HAProxy (default 5; quick 2)
  --warmup-jvm    warm-up seconds for mcp-edge, so the JIT is done (default 60; quick 2)
  --warmup-rounds the mcp-edge warm-up's rounds, with reconnects between them (default 3; quick 1)
  --no-install    do not install missing Debian or npm packages
  --no-build      do not build proxy-server/target/proxy.jar when it is missing
  --out DIR       write the report, the TSV, the chart and the run's files (DIR/tmp/run) into DIR
                  instead of bench/results
  --strict        exit 1 when any row's status is neither ok nor skipped, after printing those
                  rows and the tails of their logs (the build's smoke run uses it)

environment: BENCH_PORT_BASE (default 18300; ports BASE..BASE+43 are used), PROXY_CPU (default 1),
LOAD_CPU (default 0), MCP_EDGE_JAVA (the java that runs mcp-edge; default \$JAVA_HOME/bin/java
when JAVA_HOME is set, else java, as scripts/mcp-edge picks it),
MCP_EDGE_JAVA_OPTS (default: the options of scripts/mcp-edge, which starts it),
MALLOC_ARENA_MAX (default 2, as scripts/mcp-edge sets it), MCP_EDGE_EXTRA_YAML (top-level YAML
appended to mcp-edge's config, for A/B runs of a setting), and BENCH_<NAME> for the
scale of a scenario: CONNS H2_CONNS H2_STREAMS TOKENS STAMPEDE_N SSE_STREAMS SSE_INTERVAL_MS
WS_CONNS WS_MSGS RL_CONNS, and of the curves: LEVEL_RATES CONN_LEVELS CONN_RATE ROUTE_COUNTS
CACHE_ENTRIES CACHE_MAX_MIB CACHE_TOKENS CACHE_STORAGE CACHE_ENTRY_OVERHEAD CACHE_JAVA_OPTS.
BENCH_SYSCALLS=1 also counts the system calls each proxy makes per
request (perf and the kernel's raw_syscalls tracepoint; the figure goes to the notes column).
EOF
}

QUICK=0
INSTALL=1
BUILD=1
PROXIES=$ALL_PROXIES
SCENARIOS=$ALL_SCENARIOS
DURATION=""
WARMUP=""
WARMUP_JVM=""
WARMUP_ROUNDS=""
OUT_DIR=""
STRICT=0
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --proxies) PROXIES=${2//,/ }; shift ;;
    --scenarios) SCENARIOS=${2//,/ }; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --warmup-jvm) WARMUP_JVM=$2; shift ;;
    --warmup-rounds) WARMUP_ROUNDS=$2; shift ;;
    --no-install) INSTALL=0 ;;
    --no-build) BUILD=0 ;;
    --out) OUT_DIR=$2; shift ;;
    --strict) STRICT=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
for p in $PROXIES; do
  case " $ALL_PROXIES " in *" $p "*) ;; *) echo "unknown proxy: $p" >&2; exit 2 ;; esac
done
for s in $SCENARIOS; do
  case " $ALL_SCENARIOS $CURVE_SCENARIOS " in *" $s "*) ;; *) echo "unknown scenario: $s" >&2; exit 2 ;; esac
done

# Scale of each scenario: the full run follows the issue; --quick proves the harness in seconds.
if [ "$QUICK" = 1 ]; then
  OUT=smoke
  : "${DURATION:=2}" "${WARMUP:=2}" "${WARMUP_JVM:=2}" "${WARMUP_ROUNDS:=1}"
  CONNS=16 H2_CONNS=2 H2_STREAMS=8 TOKENS=1000 STAMPEDE_N=20 SSE_STREAMS=100 SSE_INTERVAL_MS=1000
  WS_CONNS=8 WS_MSGS=200 RL_CONNS=16
else
  OUT=latest
  : "${DURATION:=30}" "${WARMUP:=5}" "${WARMUP_JVM:=60}" "${WARMUP_ROUNDS:=3}"
  CONNS=64 H2_CONNS=8 H2_STREAMS=32 TOKENS=1000 STAMPEDE_N=200 SSE_STREAMS=8000 SSE_INTERVAL_MS=5000
  WS_CONNS=64 WS_MSGS=2000 RL_CONNS=64
fi
# Any of these can be overridden from the environment as BENCH_<NAME>, e.g. BENCH_SSE_STREAMS=2000.
for v in CONNS H2_CONNS H2_STREAMS TOKENS STAMPEDE_N SSE_STREAMS SSE_INTERVAL_MS WS_CONNS WS_MSGS RL_CONNS; do
  o="BENCH_$v"
  [ -n "${!o:-}" ] && printf -v "$v" '%s' "${!o}"
done
case "$WARMUP_ROUNDS" in '' | *[!0-9]* | 0) echo "--warmup-rounds: $WARMUP_ROUNDS (expected: a whole number >= 1)" >&2; exit 2 ;; esac
RL_RATE=3000
LOAD_TIMEOUT=$(( (DURATION > WARMUP_JVM ? DURATION : WARMUP_JVM) + 120 ))
RL_BURST=300
# How long a proxy's SSE streams may take to close at the origin once their clients left: some
# proxies notice only when the next event fails to reach the client.
SSE_DRAIN_SECS=$((SSE_INTERVAL_MS * 4 / 1000 > 30 ? SSE_INTERVAL_MS * 4 / 1000 : 30))
SLOW_DELAY_MS=200
WS_SIZE=256
PROXY_CPU=${PROXY_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
if [ "$(nproc)" -lt 2 ]; then PROXY_CPU=0 LOAD_CPU=0; fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
JAR=$ROOT/proxy-server/target/proxy.jar
# scripts/mcp-edge starts mcp-edge: it picks the java (MCP_EDGE_JAVA, JAVA_HOME or the PATH), the
# production options (or MCP_EDGE_JAVA_OPTS) and those of the java's release.
export MCP_EDGE_JAR=$JAR
if [ -n "${MCP_EDGE_JAVA:-}" ]; then export MCP_EDGE_JAVA; fi
if [ -n "${MCP_EDGE_JAVA_OPTS:-}" ]; then export MCP_EDGE_JAVA_OPTS; fi

BASE=${BENCH_PORT_BASE:-18300}
ORIGIN_PORT=$BASE ORIGIN_H2C_PORT=$((BASE + 1)) STREAM_PORT=$((BASE + 2))
NGINX_PORT=$((BASE + 10)) NGINX_H2C_PORT=$((BASE + 11))
VARNISH_PORT=$((BASE + 20)) VARNISH_ADMIN_PORT=$((BASE + 21))
HAPROXY_PORT=$((BASE + 30)) HAPROXY_H2C_PORT=$((BASE + 31))
EDGE_PORT=$((BASE + 40)) EDGE_ADMIN_PORT=$((BASE + 41))
# mcp-edge's admin token, new for every run (the cache-size curve reads /cache/stats).
EDGE_ADMIN_TOKEN=bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
# TLS listeners, all on the same certificate (make_certificates): HTTP/1.1 and h2 by ALPN.
NGINX_TLS_PORT=$((BASE + 12)) HAPROXY_TLS_PORT=$((BASE + 32)) EDGE_TLS_PORT=$((BASE + 42))
# The Redis of mcp-edge's scope: global limit (scenario rate-limit-global), on the load CPU.
REDIS_PORT=$((BASE + 43))

RESULTS=$BENCH_DIR/results
if [ -n "$OUT_DIR" ]; then
  mkdir -p "$OUT_DIR" && RESULTS=$(cd "$OUT_DIR" && pwd) || { echo "cannot create $OUT_DIR" >&2; exit 2; }
fi
TMP=$RESULTS/tmp/run
# mcp-edge watches its config's directory for changes: the config has a directory of its own,
# so that what the bench writes beside it (the proxies' logs and outputs) does not wake the watch.
EDGE_CONF=$TMP/edge-config/mcp-edge.yaml
TSV=$RESULTS/$OUT.tsv
MD=$RESULTS/$OUT.md
PNG=$RESULTS/$OUT.png
CMDS=$TMP/commands.txt
# shellcheck source=bench/curves.sh
. "$BENCH_DIR/curves.sh"
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

BENCH_SYSCALLS=${BENCH_SYSCALLS:-}
if [ -n "$BENCH_SYSCALLS" ] && ! perf stat -x, -e raw_syscalls:sys_enter true >/dev/null 2>&1; then
  log "BENCH_SYSCALLS: perf cannot count raw_syscalls:sys_enter on this machine; not counting"
  BENCH_SYSCALLS=""
fi

# ---------------------------------------------------------------------------------------------
# Processes: everything started here is recorded in $TMP/pids and stopped on exit.

STARTED=()
stop_all() {
  local pid
  for pid in "${STARTED[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${STARTED[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${STARTED[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  STARTED=()
}
trap 'stop_all' EXIT
trap 'exit 130' INT TERM

# start NAME CPU CMD...: runs CMD in the background pinned to CPU and sets START_PID; CMD must
# exec the server itself (taskset does) so that $! is the server's pid. A server started again
# (the stream origin) appends to its log.
start() {
  local name=$1 cpu=$2
  shift 2
  grep -qxF "taskset -c $cpu $*" "$TMP/servers.txt" || echo "taskset -c $cpu $*" >>"$TMP/servers.txt"
  taskset -c "$cpu" "$@" >>"$TMP/$name.log" 2>&1 &
  START_PID=$!
  STARTED+=("$START_PID")
  echo "$START_PID" >"$TMP/$name.pid"
}

# wait_http URL SECONDS PID: true once URL answers with any HTTP status while PID is alive.
wait_http() {
  local url=$1 secs=$2 pid=$3 i code
  for i in $(seq $((secs * 10))); do
    kill -0 "$pid" 2>/dev/null || return 1
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url")
    [ "$code" != 000 ] && return 0
    sleep 0.1
  done
  return 1
}

port_busy() { ss -Htln "sport = :$1" | grep -q .; }

# tree_pids PID: the process and all its descendants (nginx workers, the Varnish child).
tree_pids() {
  ps -e -o pid=,ppid= | awk -v r="$1" '
    { par[$1] = $2; ids[NR] = $1 }
    END {
      keep[r] = 1; changed = 1
      while (changed) { changed = 0; for (i in ids) { q = ids[i]; if (!(q in keep) && (par[q] in keep)) { keep[q] = 1; changed = 1 } } }
      for (k in keep) if (k != "") print k
    }'
}

# cpu_ticks PIDS...: utime+stime of all threads of these processes, in clock ticks.
cpu_ticks() {
  local t=0 p s
  for p in "$@"; do
    s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }
    read -r -a f <<<"$s"
    t=$((t + f[11] + f[12]))
  done
  echo "$t"
}

status_kb() { # status_kb FIELD PIDS...
  local field=$1
  shift
  local p files=()
  for p in "$@"; do [ -r "/proc/$p/status" ] && files+=("/proc/$p/status"); done
  [ ${#files[@]} -eq 0 ] && { echo 0; return; }
  awk -v f="$field:" '$1 == f { s += $2 } END { print s + 0 }' "${files[@]}"
}

reset_hwm() { local p; for p in "$@"; do echo 5 >"/proc/$p/clear_refs" 2>/dev/null; done; }

# origin_requests: the origin nginx's request counter; asked up to three times, as a loaded machine
# can leave one reading unanswered (an empty reading made a run's origin count negative).
origin_requests() {
  local n="" i
  for i in 1 2 3; do
    n=$(curl -s --max-time 2 "http://127.0.0.1:$ORIGIN_PORT/__origin_status" | awk 'NR == 3 { print $3 }')
    [ -n "$n" ] && break
  done
  echo "$n"
}

# raise_nofile N: raises the soft limit of open files to N, within the hard limit (which root may
# raise first). Every server and client started here inherits it; nginx sets its own
# (worker_rlimit_nofile), the JVM raises its soft limit to the hard one.
raise_nofile() {
  local want=$1 soft hard
  soft=$(ulimit -Sn) hard=$(ulimit -Hn)
  [ "$soft" = unlimited ] && return
  [ "$soft" -ge "$want" ] && return
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ] && ulimit -Hn "$want" 2>/dev/null; then hard=$want; fi
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
    ulimit -Sn "$hard"
    log "open files limited to $hard (hard limit) where $want are wanted: the sse scenario may not open all its streams"
  else
    ulimit -Sn "$want"
  fi
}

# ---------------------------------------------------------------------------------------------
# Setup: packages, jar, configs, origin, proxies.

install_missing() {
  local need=() c pkg
  for c in nginx:nginx-light varnishd:varnish haproxy:haproxy wrk:wrk h2load:nghttp2-client \
    gnuplot:gnuplot-nox node:nodejs npm:npm curl:curl taskset:util-linux ss:iproute2; do
    command -v "${c%%:*}" >/dev/null 2>&1 || need+=("${c#*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    [ "$INSTALL" = 1 ] || { log "missing packages: ${need[*]} (and --no-install given)"; exit 1; }
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null ||
      { log "apt-get install failed"; exit 1; }
  fi
  if [ ! -d "$BENCH_DIR/node/node_modules/ws" ]; then
    [ "$INSTALL" = 1 ] || { log "bench/node has no node_modules (and --no-install given)"; exit 1; }
    (cd "$BENCH_DIR/node" && npm ci --no-audit --no-fund --loglevel=error) || { log "npm ci failed"; exit 1; }
  fi
}

jar_has_main() { [ -f "$JAR" ] && jar tf "$JAR" 2>/dev/null | grep -qx 'io/mcpedge/server/Main.class'; }

build_jar() {
  jar_has_main && return
  [ "$BUILD" = 1 ] || return
  log "building $JAR (./mvnw -q -B -DskipTests -pl proxy-server -am package)"
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl proxy-server -am package) >"$TMP/build.log" 2>&1 ||
    log "build failed; mcp-edge will be reported as not built (see $TMP/build.log)"
}

# nginx's workers switch to an unprivileged user when started as root, and that user may not reach
# the run's directory (a clone in a private temporary directory): keep them as the invoking user.
if [ "$(id -u)" = 0 ]; then NGINX_USER="user root;"; else NGINX_USER=""; fi

render() { # render TEMPLATE OUT
  sed -e "s#@NGINX_USER@#$NGINX_USER#g" -e "s#@TMP@#$TMP#g" -e "s#@WWW@#$TMP/www#g" \
    -e "s#@ORIGIN_PORT@#$ORIGIN_PORT#g" -e "s#@ORIGIN_H2C_PORT@#$ORIGIN_H2C_PORT#g" \
    -e "s#@STREAM_PORT@#$STREAM_PORT#g" -e "s#@NGINX_PORT@#$NGINX_PORT#g" \
    -e "s#@NGINX_H2C_PORT@#$NGINX_H2C_PORT#g" -e "s#@HAPROXY_PORT@#$HAPROXY_PORT#g" \
    -e "s#@HAPROXY_H2C_PORT@#$HAPROXY_H2C_PORT#g" -e "s#@EDGE_PORT@#$EDGE_PORT#g" \
    -e "s#@EDGE_ADMIN_PORT@#$EDGE_ADMIN_PORT#g" -e "s#@EDGE_ADMIN_TOKEN@#$EDGE_ADMIN_TOKEN#g" \
    -e "s#@RL_RATE@#$RL_RATE#g" \
    -e "s#@RL_BURST@#$RL_BURST#g" -e "s#@NGINX_TLS_PORT@#$NGINX_TLS_PORT#g" \
    -e "s#@HAPROXY_TLS_PORT@#$HAPROXY_TLS_PORT#g" -e "s#@EDGE_TLS_PORT@#$EDGE_TLS_PORT#g" \
    -e "s#@TLS_CERT@#$TMP/tls/tls.crt#g" -e "s#@TLS_KEY@#$TMP/tls/tls.key#g" \
    -e "s#@TLS_PEM@#$TMP/tls/tls.pem#g" "$1" >"$2"
}

make_content() {
  mkdir -p "$TMP/www/static"
  # 2 KB of JSON shaped like the gateway's tool list, and a 32 KB script.
  node -e '
    const tools = [];
    let s = "";
    for (let i = 0; (s = JSON.stringify({ tools })).length < 2048 - 90; i++)
      tools.push({ name: "tool_" + i, description: "Bench tool " + i, inputSchema: { type: "object" } });
    process.stdout.write(s.padEnd(2047, " ") + "\n");' >"$TMP/www/tools.json"
  node -e 'process.stdout.write(("/* mcp-edge bench asset */\n" + "console.log(1);\n".repeat(2100)).slice(0, 32767) + "\n")' \
    >"$TMP/www/static/app.js"
  # The cache-size curve's API read (curves.sh): one item of CACHE_API_BYTES bytes of JSON.
  node -e 'const n = Number(process.argv[1]); const h = "{\"id\":1,\"name\":\"item\",\"data\":\"";
    process.stdout.write((h + "x".repeat(Math.max(0, n - h.length - 3)) + "\"}").slice(0, n - 1) + "\n")' \
    "$CACHE_API_BYTES" >"$TMP/www/items.json"
}

# make_certificates: one ECDSA P-256 certificate for 127.0.0.1 from a CA of the run, used by every
# proxy's TLS listener (HAProxy wants chain and key in one file).
make_certificates() {
  local d=$TMP/tls
  mkdir -p "$d"
  {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ca.key" \
      -out "$d/ca.crt" -days 2 -subj "/CN=bench CA" -addext basicConstraints=critical,CA:TRUE &&
      openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/tls.key" \
        -out "$d/tls.csr" -subj "/CN=127.0.0.1" &&
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$d/ext.cnf" &&
      openssl x509 -req -in "$d/tls.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -set_serial 1 -days 2 \
        -out "$d/tls.crt" -extfile "$d/ext.cnf" &&
      cat "$d/tls.crt" "$d/tls.key" >"$d/tls.pem"
  } >"$TMP/tls.log" 2>&1 || { log "openssl could not make the certificates (see $TMP/tls.log)"; exit 1; }
}

start_origin() {
  render "$BENCH_DIR/configs/origin-nginx.conf" "$TMP/origin-nginx.conf"
  start origin-nginx "$LOAD_CPU" nginx -c "$TMP/origin-nginx.conf" -e "$TMP/origin-nginx.err" -p "$TMP"
  ORIGIN_PID=$START_PID
  start_stream_origin
  wait_http "http://127.0.0.1:$ORIGIN_PORT/__origin_status" 10 "$ORIGIN_PID" || { log "origin nginx did not start"; cat "$TMP/origin-nginx.log" >&2; exit 1; }
}

start_stream_origin() {
  start stream-origin "$LOAD_CPU" node "$BENCH_DIR/node/stream-origin.mjs" "$STREAM_PORT" "$SSE_INTERVAL_MS" "$SLOW_DELAY_MS"
  STREAM_PID=$START_PID
  wait_http "http://127.0.0.1:$STREAM_PORT/__streams" 10 "$STREAM_PID" || { log "stream origin did not start"; cat "$TMP/stream-origin.log" >&2; exit 1; }
}

# restart_stream_origin: stops the node stream origin, which closes every stream it still holds
# (and with them the origin nginx's connections for those streams), and starts a fresh one.
restart_stream_origin() {
  local old=$STREAM_PID i keep=() pid
  kill -TERM "$old" 2>/dev/null
  for i in $(seq 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$old" 2>/dev/null
  wait "$old" 2>/dev/null
  for pid in "${STARTED[@]}"; do [ "$pid" = "$old" ] || keep+=("$pid"); done
  STARTED=("${keep[@]}")
  start_stream_origin
}

# origin_streams: the SSE streams the stream origin holds open (its /__streams counter).
origin_streams() { curl -s --max-time 2 "http://127.0.0.1:$STREAM_PORT/__streams"; }

# drain_streams SECS: waits until the stream origin holds no stream, at most SECS seconds. Sets
# DRAIN_LEFT (streams still open; "?" when the stream origin does not answer) and DRAIN_MS.
drain_streams() {
  local secs=$1 t0 n="" i
  t0=$(date +%s%N)
  for i in $(seq $((secs * 10))); do
    kill -0 "$STREAM_PID" 2>/dev/null || { n=""; break; }
    n=$(origin_streams)
    [ "$n" = 0 ] && break
    sleep 0.1
  done
  DRAIN_LEFT=${n:-?}
  DRAIN_MS=$((($(date +%s%N) - t0) / 1000000))
}

# loopback_time_wait: TCP sockets in TIME-WAIT towards the origin nginx and the stream origin.
loopback_time_wait() {
  ss -Htan state time-wait "( dport = :$ORIGIN_PORT or dport = :$STREAM_PORT or sport = :$ORIGIN_PORT or sport = :$STREAM_PORT )" | wc -l
}

declare -A STATE PID PORT H2PORT TLSPORT
start_proxy() {
  local p=$1 pid
  case "$p" in
    nginx)
      render "$BENCH_DIR/configs/nginx.conf" "$TMP/nginx.conf"
      mkdir -p "$TMP/nginx-cache"
      start nginx "$PROXY_CPU" nginx -c "$TMP/nginx.conf" -e "$TMP/nginx.err" -p "$TMP"
      pid=$START_PID
      PORT[$p]=$NGINX_PORT H2PORT[$p]=$NGINX_H2C_PORT TLSPORT[$p]=$NGINX_TLS_PORT ;;
    varnish)
      render "$BENCH_DIR/configs/varnish.vcl" "$TMP/varnish.vcl"
      head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$TMP/varnish.secret"
      start varnish "$PROXY_CPU" varnishd -F -j none -n "$TMP/varnish" -f "$TMP/varnish.vcl" \
        -a "127.0.0.1:$VARNISH_PORT" -T "127.0.0.1:$VARNISH_ADMIN_PORT" -S "$TMP/varnish.secret" \
        -s malloc,256m -p feature=+http2 -p thread_pools=1 -p thread_pool_min=50 \
        -p thread_pool_max=20000
      pid=$START_PID
      PORT[$p]=$VARNISH_PORT H2PORT[$p]=$VARNISH_PORT ;;
    haproxy)
      render "$BENCH_DIR/configs/haproxy.cfg" "$TMP/haproxy.cfg"
      start haproxy "$PROXY_CPU" haproxy -db -f "$TMP/haproxy.cfg"
      pid=$START_PID
      PORT[$p]=$HAPROXY_PORT H2PORT[$p]=$HAPROXY_H2C_PORT TLSPORT[$p]=$HAPROXY_TLS_PORT ;;
    mcp-edge)
      PORT[$p]=$EDGE_PORT H2PORT[$p]=$EDGE_PORT TLSPORT[$p]=$EDGE_TLS_PORT
      if [ ! -f "$JAR" ]; then STATE[$p]="not built"; return; fi
      render "$BENCH_DIR/configs/mcp-edge.yaml" "$EDGE_CONF"
      global_limit_setup
      # A/B runs of a setting: top-level YAML appended to the config (e.g. an observability section).
      if [ -n "${MCP_EDGE_EXTRA_YAML:-}" ]; then printf '%s\n' "$MCP_EDGE_EXTRA_YAML" >> "$EDGE_CONF"; fi
      # The routes curve: EDGE_ROUTES generated routes ahead of the bench's own (curves.sh).
      if [ -n "${EDGE_ROUTES:-}" ]; then
        generated_routes "$EDGE_ROUTES" >"$TMP/routes.yaml"
        sed -i "/^routes:\$/r $TMP/routes.yaml" "$EDGE_CONF"
      fi
      # The cache-size curve: the store's own section (curves.sh).
      if [ -n "${EDGE_CACHE_YAML:-}" ]; then printf '%s\n' "$EDGE_CACHE_YAML" >>"$EDGE_CONF"; fi
      # shellcheck disable=SC2086
      start mcp-edge "$PROXY_CPU" "$ROOT/scripts/mcp-edge" --config "$EDGE_CONF"
      pid=$START_PID ;;
  esac
  PID[$p]=$pid
  local wait=15
  [ "$p" = mcp-edge ] && wait=60
  if wait_http "http://127.0.0.1:${PORT[$p]}/pass/tools.json" "$wait" "$pid"; then
    STATE[$p]=up
  elif [ "$p" = mcp-edge ] && grep -qE 'no main manifest attribute|ClassNotFoundException: io.mcpedge.server.Main|Could not find or load main class' "$TMP/$p.log"; then
    STATE[$p]="not built"
  else
    STATE[$p]="failed to start: $(tail -n 1 "$TMP/$p.log" | cut -c1-120)"
  fi
  log "$p: ${STATE[$p]}"
}

# ---------------------------------------------------------------------------------------------
# Load and measurement.

# A record: scenario, proxy, status, req/s, p50, p99, p99.9 (us), CPU us/req, peak RSS MiB, notes.
record() {
  local IFS=$'\t'
  echo "$*" >>"$TSV"
  log "$1 / $2: $3 ${10:-}"
}

run_logged() { # run_logged OUTFILE CMD...: runs a load command pinned to the load CPU, logs it
  local out=$1
  shift
  printf '%q ' "$@" | sed 's/ $//' >>"$CMDS"
  echo >>"$CMDS"
  timeout "$LOAD_TIMEOUT" taskset -c "$LOAD_CPU" "$@" >"$out" 2>&1
}

# The JVM's warm-up runs in rounds: the load generator disconnects and reconnects between them.
# The first disconnect of a load takes paths (stream resets, cancelled exchanges, closed upstream
# connections) that the JIT compiled away as never taken; taking them deoptimizes the hot methods,
# and the event loop then runs slower code for about two seconds while C2 recompiles on the same
# CPU. In one round, that happens at the start of the measured run (JFR's jdk.Deoptimization
# events show it); in rounds, it happens in the warm-up, as it would under real connection churn.
warmup_rounds() { if [ "$1" = mcp-edge ]; then echo "$WARMUP_ROUNDS"; else echo 1; fi; }
warmup_secs() { # seconds of one round
  if [ "$1" = mcp-edge ]; then echo $(((WARMUP_JVM + WARMUP_ROUNDS - 1) / WARMUP_ROUNDS)); else echo "$WARMUP"; fi
}
warm_up() { # warm_up PROXY OUTFILE CMD...: the proxy's warm-up rounds of CMD, each logged
  local p=$1 out=$2 i
  shift 2
  for ((i = 1; i <= $(warmup_rounds "$p"); i++)); do run_logged "$out" "$@"; done
}

# measure PROXY OUTFILE CMD...: runs CMD and samples the proxy's CPU, peak RSS and the origin's
# request count around it. Sets M_TICKS, M_HWM_KB, M_ORIGIN, and with BENCH_SYSCALLS M_SYSCALLS.
measure() {
  local p=$1 out=$2
  shift 2
  local pids o0 c0
  mapfile -t pids < <(tree_pids "${PID[$p]}")
  reset_hwm "${pids[@]}"
  o0=$(origin_requests)
  c0=$(cpu_ticks "${pids[@]}")
  local perf_pid=""
  M_SYSCALLS=""
  if [ -n "$BENCH_SYSCALLS" ]; then
    # Counts every system call the proxy's threads enter while the load runs (kernel tracepoint).
    perf stat -x, -e raw_syscalls:sys_enter -p "$(IFS=,; echo "${pids[*]}")" -o "$out.syscalls" &
    perf_pid=$!
  fi
  run_logged "$out" "$@"
  M_TICKS=$(($(cpu_ticks "${pids[@]}") - c0))
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid" 2>/dev/null
    wait "$perf_pid" 2>/dev/null
    M_SYSCALLS=$(awk -F, '$3 == "raw_syscalls:sys_enter" { print $1 }' "$out.syscalls")
  fi
  M_HWM_KB=$(status_kb VmHWM "${pids[@]}")
  M_ORIGIN=$(($(origin_requests) - o0 - 1))
}

syscalls_note() { # syscalls_note COUNT: "; N system calls per request" when they were counted
  [ -n "$M_SYSCALLS" ] && awk -v s="$M_SYSCALLS" -v n="$1" 'BEGIN { if (n > 0) printf "; %.2f system calls per request", s / n }'
}

bench_field() { sed -n 's/^BENCH .*\b'"$2"'=\([0-9]*\).*/\1/p' "$1" | head -n 1; }

cpu_us_per() { # cpu_us_per TICKS COUNT
  awk -v t="$1" -v n="$2" -v hz="$CLK_TCK" 'BEGIN { if (n > 0) printf "%.2f", t * 1e6 / hz / n; else print "NA" }'
}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# wrk_scenario NAME PROXY PATH CONNS LUA [verify-cache] [extra wrk args...]
wrk_scenario() {
  local name=$1 p=$2 path=$3 conns=$4 lua=$5 verify=$6
  shift 6
  local url="${WRK_BASE:-http://127.0.0.1:${PORT[$p]}}$path" out="$TMP/$name-$p.out"
  local env=()
  [ "$lua" = tokens.lua ] && env=(env "BENCH_TOKENS=$TOKENS")
  warm_up "$p" "$TMP/$name-$p.warmup" "${env[@]}" wrk -t 1 -c "$conns" -d "$(warmup_secs "$p")s" --timeout 10s \
    -s "$BENCH_DIR/lua/$lua" "$@" "$url"
  measure "$p" "$out" "${env[@]}" wrk -t 1 -c "$conns" -d "${DURATION}s" --timeout 10s -s "$BENCH_DIR/lua/$lua" "$@" "$url"
  local n dur non2xx sockerr
  n=$(bench_field "$out" requests)
  if [ -z "$n" ]; then
    verdict "$name" "$p" "load generator failed: $(tail -n 1 "$out" | cut -c1-100)"
    return
  fi
  dur=$(bench_field "$out" duration_us)
  non2xx=$(bench_field "$out" non2xx)
  sockerr=$(($(bench_field "$out" connect) + $(bench_field "$out" read) + $(bench_field "$out" write) + $(bench_field "$out" timeout)))
  local notes="origin requests during run: $M_ORIGIN$(syscalls_note "$n")" problem=""
  [ "$n" -eq 0 ] && problem="no request completed"
  [ "$non2xx" -gt 0 ] && problem="${problem:+$problem, }$non2xx non-2xx answers"
  [ "$sockerr" -gt 0 ] && problem="${problem:+$problem, }$sockerr socket errors"
  if [ "$verify" = cache ] && [ "$M_ORIGIN" -gt $((n / 100)) ]; then
    problem="${problem:+$problem, }$M_ORIGIN of $n requests reached the origin (not served from cache)"
  fi
  if [ -n "$problem" ]; then
    verdict "$name" "$p" "$problem"
    [ "$p" = mcp-edge ] && return
  fi
  record "$name" "$p" "$(status_of "$problem")" \
    "$(awk -v n="$n" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')" \
    "$(bench_field "$out" p50)" "$(bench_field "$out" p99)" "$(bench_field "$out" p999)" \
    "$(cpu_us_per "$M_TICKS" "$n")" "$(mib "$M_HWM_KB")" "${problem:-$notes}"
}

# verdict SCENARIO PROXY PROBLEM: mcp-edge answering differently from expected is "not supported"
# (a feature not built yet); for a peer it is a failure, kept in the table with its figures.
verdict() {
  if [ "$2" = mcp-edge ]; then
    record "$1" "$2" "not supported" NA NA NA NA NA NA "$3"
  else
    LAST_PROBLEM=$3
    log "$1 / $2: $3"
  fi
}

# probe_cached PROXY PATH [AUTH]: the second of two requests must be answered without the origin,
# with X-Cache saying HIT where the proxy sets it. Echoes the problem, if any.
# The origin's counter is shared by every proxy, so a request another proxy still sends (a
# background refresh after its own run) can land between the two readings: when the second answer
# says HIT but the counter moved, the probe is repeated, at most three times.
probe_cached() {
  local p=$1 path=$2 auth=${3:-} url="http://127.0.0.1:${PORT[$1]}$2" h code o0 o1 try
  local args=(-s -o /dev/null --max-time 5 -D "$TMP/probe.h" -w '%{http_code}')
  [ -n "$auth" ] && args+=(-H "Authorization: $auth")
  code=$(curl "${args[@]}" "$url")
  [ "$code" = 200 ] || { echo "first request answered $code"; return; }
  for try in 1 2 3; do
    o0=$(origin_requests)
    code=$(curl "${args[@]}" "$url")
    o1=$(origin_requests)
    [ "$code" = 200 ] || { echo "second request answered $code"; return; }
    h=$(tr -d '\r' <"$TMP/probe.h" | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
    [ $((o1 - o0 - 1)) -eq 0 ] && break
    if [ "$try" = 3 ] || ! grep -qi hit <<<"$h"; then echo "second request reached the origin"; return; fi
  done
  if [ -n "$h" ] && ! grep -qi hit <<<"$h"; then echo "X-Cache: $h on a stored answer"; fi
}

status_of() { if [ -n "$1" ]; then echo "verify failed"; else echo ok; fi; }

skip() { record "$1" "$2" skipped NA NA NA NA NA NA "$3"; }

# for_proxies SCENARIO FN: calls FN PROXY for each proxy that is up, records the others' state.
# A proxy for which FN recorded nothing (a peer whose load generator failed) gets a "failed" row
# with the last problem reported, so that no proxy drops out of the table unnoticed.
for_proxies() {
  local s=$1 fn=$2 p rows
  for p in $PROXIES; do
    if [ "${STATE[$p]}" != up ]; then
      record "$s" "$p" "${STATE[$p]}" NA NA NA NA NA NA ""
      continue
    fi
    echo "# $s / $p" >>"$CMDS"
    rows=$(wc -l <"$TSV")
    LAST_PROBLEM=""
    "$fn" "$p"
    [ "$(wc -l <"$TSV")" -gt "$rows" ] ||
      record "$s" "$p" failed NA NA NA NA NA NA "${LAST_PROBLEM:-no result recorded}"
  done
}

# ---------------------------------------------------------------------------------------------
# Scenarios: one function per proxy each.

sc_cache_2k() {
  local p=$1 problem
  [ "$p" = haproxy ] && { skip cache-2k "$p" "configured as the pass-through reference (no cache)"; return; }
  problem=$(probe_cached "$p" /v1/tools "Bearer bench-token-1")
  [ -n "$problem" ] && { verdict cache-2k "$p" "$problem"; [ "$p" = mcp-edge ] && return; }
  wrk_scenario cache-2k "$p" /v1/tools "$CONNS" report.lua cache -H "Authorization: Bearer bench-token-1"
}

sc_cache_32k() {
  local p=$1 problem
  [ "$p" = haproxy ] && { skip cache-32k "$p" "configured as the pass-through reference (no cache)"; return; }
  problem=$(probe_cached "$p" /static/app.js)
  [ -n "$problem" ] && { verdict cache-32k "$p" "$problem"; [ "$p" = mcp-edge ] && return; }
  wrk_scenario cache-32k "$p" /static/app.js "$CONNS" report.lua cache
}

sc_pass_h1() {
  local p=$1 code
  code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:${PORT[$p]}/pass/tools.json")
  [ "$code" = 200 ] || { verdict pass-h1 "$p" "probe answered $code"; [ "$p" = mcp-edge ] && return; }
  wrk_scenario pass-h1 "$p" /pass/tools.json "$CONNS" report.lua pass
}

# probe_mcp PROXY PATH CACHED: two tools/list POSTs; the second must carry its own id and, when
# CACHED is 1, be answered without the origin and with X-Cache: HIT. Echoes the problem, if any.
probe_mcp() {
  local p=$1 path=$2 cached=$3 url="http://127.0.0.1:${PORT[$1]}$2" code o0 o1 h body
  local args=(-s --max-time 5 -D "$TMP/probe.h" -o "$TMP/probe.body" -w '%{http_code}'
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream'
    -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list'
    -H 'Authorization: Bearer bench-token-1')
  body='"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}'
  code=$(curl "${args[@]}" --data "{\"jsonrpc\":\"2.0\",\"id\":1,$body" "$url")
  [ "$code" = 200 ] || { echo "first request answered $code"; return; }
  o0=$(origin_requests)
  code=$(curl "${args[@]}" --data "{\"jsonrpc\":\"2.0\",\"id\":\"probe-2\",$body" "$url")
  o1=$(origin_requests)
  [ "$code" = 200 ] || { echo "second request answered $code"; return; }
  [ "$cached" = 1 ] || return 0
  grep -q '"id":"probe-2"' "$TMP/probe.body" || { echo "a hit without the requester's id"; return; }
  [ $((o1 - o0 - 1)) -eq 0 ] || { echo "second request reached the origin"; return; }
  h=$(tr -d '\r' <"$TMP/probe.h" | awk -F': ' 'tolower($1) == "x-cache" { print $2 }')
  grep -qi hit <<<"$h" || echo "X-Cache: $h on a stored result"
}

# The MCP cache compares mcp-edge with itself: tools/list from the cache against pass-through.
sc_mcp_tools_list() {
  local p=$1 problem
  [ "$p" = mcp-edge ] || { skip mcp-tools-list "$p" "no MCP result cache"; return; }
  problem=$(probe_mcp "$p" /mcp 1)
  [ -n "$problem" ] && { verdict mcp-tools-list "$p" "$problem"; return; }
  wrk_scenario mcp-tools-list "$p" /mcp "$CONNS" mcp.lua cache
}

sc_mcp_tools_list_pass() {
  local p=$1 problem
  [ "$p" = mcp-edge ] || { skip mcp-tools-list-pass "$p" "the MCP scenarios compare mcp-edge with itself"; return; }
  problem=$(probe_mcp "$p" /mcp-pass 0)
  [ -n "$problem" ] && { verdict mcp-tools-list-pass "$p" "$problem"; return; }
  wrk_scenario mcp-tools-list-pass "$p" /mcp-pass "$CONNS" mcp.lua pass
}

sc_h2c_upstream() {
  local p=$1 code
  case "$p" in
    nginx) skip h2c-upstream "$p" "nginx cannot speak HTTP/2 to an upstream"; return ;;
    varnish) skip h2c-upstream "$p" "Varnish 7.1 has no HTTP/2 backends"; return ;;
  esac
  code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:${PORT[$p]}/h2/tools.json")
  [ "$code" = 200 ] || { verdict h2c-upstream "$p" "probe answered $code"; [ "$p" = mcp-edge ] && return; }
  wrk_scenario h2c-upstream "$p" /h2/tools.json "$CONNS" report.lua pass
}

sc_h2_downstream() {
  local p=$1 url="http://127.0.0.1:${H2PORT[$1]}/pass/tools.json" code
  code=$(curl -s -o /dev/null --max-time 5 --http2-prior-knowledge -w '%{http_code} %{http_version}' "$url")
  [ "$code" = "200 2" ] || { verdict h2-downstream "$p" "h2c prior-knowledge probe answered '$code'"; [ "$p" = mcp-edge ] && return; }
  h2load_scenario h2-downstream "$p" "$url"
}

# h2load_scenario NAME PROXY URL [h2load args...]: H2_CONNS connections of H2_STREAMS streams each.
h2load_scenario() {
  local name=$1 p=$2 url=$3 out="$TMP/$1-$2"
  shift 3
  warm_up "$p" "$out.warmup" h2load -c "$H2_CONNS" -m "$H2_STREAMS" -t 1 -D "$(warmup_secs "$p")" "$@" "$url"
  measure "$p" "$out.out" h2load -c "$H2_CONNS" -m "$H2_STREAMS" -t 1 -D "$DURATION" --log-file="$out.log" "$@" "$url"
  local ok total secs
  ok=$(awk '$2 == 200' "$out.log" | wc -l)
  total=$(wc -l <"$out.log")
  # h2load says "finished in 1.00s", or "finished in 999.98ms" under a second.
  secs=$(awk '/^finished in/ { t = $3; sub(/,$/, "", t)
    if (t ~ /ms$/) { sub(/ms$/, "", t); print t / 1000 } else { sub(/s$/, "", t); print t } }' "$out.out")
  if [ "$total" -eq 0 ] || [ -z "$secs" ]; then
    verdict "$name" "$p" "h2load failed: $(tail -n 1 "$out.out" | cut -c1-100)"
    return
  fi
  local pct problem=""
  pct=$(awk '{ print $3 }' "$out.log" | sort -n | awk '
    function at(q,   i) { i = int(q * NR); if (i < 1) i = 1; return v[i] }
    { v[NR] = $1 }
    END { printf "%d %d %d", at(0.5), at(0.99), at(0.999) }')
  [ "$ok" -lt "$total" ] && problem="$((total - ok)) of $total answers not 200"
  if [ -n "$problem" ]; then verdict "$name" "$p" "$problem"; [ "$p" = mcp-edge ] && return; fi
  read -r p50 p99 p999 <<<"$pct"
  record "$name" "$p" "$(status_of "$problem")" \
    "$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')" "$p50" "$p99" "$p999" \
    "$(cpu_us_per "$M_TICKS" "$ok")" "$(mib "$M_HWM_KB")" \
    "${problem:-h2load -c $H2_CONNS -m $H2_STREAMS; origin requests during run: $M_ORIGIN$(syscalls_note "$ok")}"
}

# tls_probe PROXY [curl args...]: echoes the problem of a TLS 1.3 request to the TLS listener, if
# any; the certificate is checked against the run's CA.
tls_probe() {
  local p=$1 code
  shift
  code=$(curl -s -o /dev/null --max-time 5 --tlsv1.3 --cacert "$TMP/tls/ca.crt" "$@" \
    -H "Authorization: Bearer bench-token-1" -w '%{http_code} %{http_version}' \
    "https://127.0.0.1:${TLSPORT[$p]}/v1/tools")
  case "$code" in 200\ *) ;; *) echo "TLS 1.3 probe answered '$code'" ;; esac
}

no_tls() { # no_tls SCENARIO PROXY: true (after recording the skip) for a proxy without TLS here
  [ "$2" = varnish ] || return 1
  skip "$1" "$2" "Varnish does not terminate TLS (Varnish Software puts Hitch in front)"
}

# The three TLS scenarios use one certificate (ECDSA P-256) on every proxy. HAProxy is the
# pass-through reference: its rows go to the origin where the others answer from their cache.
sc_tls_cache_2k() {
  local p=$1 problem
  no_tls tls-cache-2k "$p" && return
  [ "$p" = haproxy ] && { skip tls-cache-2k "$p" "configured as the pass-through reference (no cache)"; return; }
  problem=$(tls_probe "$p" --http1.1)
  [ -z "$problem" ] && problem=$(probe_cached "$p" /v1/tools "Bearer bench-token-1")
  [ -n "$problem" ] && { verdict tls-cache-2k "$p" "$problem"; [ "$p" = mcp-edge ] && return; }
  WRK_BASE="https://127.0.0.1:${TLSPORT[$p]}" wrk_scenario tls-cache-2k "$p" /v1/tools "$CONNS" report.lua cache \
    -H "Authorization: Bearer bench-token-1"
}

sc_tls_h2_cache_2k() {
  local p=$1 problem
  no_tls tls-h2-cache-2k "$p" && return
  [ "$p" = haproxy ] && { skip tls-h2-cache-2k "$p" "configured as the pass-through reference (no cache)"; return; }
  problem=$(tls_probe "$p" --http2)
  [ -z "$problem" ] && ! curl -s -o /dev/null --max-time 5 --http2 --cacert "$TMP/tls/ca.crt" \
    -H "Authorization: Bearer bench-token-1" -w '%{http_version}' "https://127.0.0.1:${TLSPORT[$p]}/v1/tools" |
    grep -qx 2 && problem="ALPN did not choose h2"
  [ -z "$problem" ] && problem=$(probe_cached "$p" /v1/tools "Bearer bench-token-1")
  [ -n "$problem" ] && { verdict tls-h2-cache-2k "$p" "$problem"; [ "$p" = mcp-edge ] && return; }
  h2load_scenario tls-h2-cache-2k "$p" "https://127.0.0.1:${TLSPORT[$p]}/v1/tools" \
    -H "Authorization: Bearer bench-token-1"
}

# Full handshakes: every request on a new connection (Connection: close), so requests per second
# are TLS 1.3 handshakes per second on the proxy's one CPU; wrk resumes no session.
sc_tls_handshake() {
  local p=$1 problem
  no_tls tls-handshake "$p" && return
  problem=$(tls_probe "$p" --http1.1)
  [ -n "$problem" ] && { verdict tls-handshake "$p" "$problem"; [ "$p" = mcp-edge ] && return; }
  WRK_BASE="https://127.0.0.1:${TLSPORT[$p]}" wrk_scenario tls-handshake "$p" /v1/tools "$CONNS" report.lua pass \
    -H "Authorization: Bearer bench-token-1" -H "Connection: close"
}

sc_per_credential() {
  local p=$1 problem a b
  [ "$p" = haproxy ] && { skip per-credential "$p" "configured as the pass-through reference (no cache)"; return; }
  problem=$(probe_cached "$p" /v1/servers "Bearer probe-a")
  if [ -z "$problem" ]; then
    a=$(curl -s -o /dev/null -D - --max-time 5 -H "Authorization: Bearer probe-a" "http://127.0.0.1:${PORT[$p]}/v1/servers" |
      tr -d '\r' | awk -F': ' 'tolower($1) == "x-origin-auth" { print $2 }')
    b=$(curl -s -o /dev/null -D - --max-time 5 -H "Authorization: Bearer probe-b" "http://127.0.0.1:${PORT[$p]}/v1/servers" |
      tr -d '\r' | awk -F': ' 'tolower($1) == "x-origin-auth" { print $2 }')
    [ "$a" = "Bearer probe-a" ] && [ "$b" = "Bearer probe-b" ] ||
      problem="credential B was served credential A's entry (X-Origin-Auth '$a' / '$b')"
  fi
  [ -n "$problem" ] && { verdict per-credential "$p" "$problem"; [ "$p" = mcp-edge ] && return; }
  # The warm-up stores all the tokens' entries; the measured run must then be all hits.
  wrk_scenario per-credential "$p" /v1/tools "$CONNS" tokens.lua cache
}

sc_stampede() {
  local p=$1 key out="$TMP/stampede-$1.out" hits
  [ "$p" = haproxy ] && { skip stampede "$p" "configured as the pass-through reference (no cache)"; return; }
  key="$p-$(date +%s%N)"
  echo "node bench/node/stampede.mjs http://127.0.0.1:${PORT[$p]}/stampede/$key $STAMPEDE_N 'Bearer stampede' 20000" >>"$CMDS"
  timeout 60 taskset -c "$LOAD_CPU" node "$BENCH_DIR/node/stampede.mjs" \
    "http://127.0.0.1:${PORT[$p]}/stampede/$key" "$STAMPEDE_N" "Bearer stampede" 20000 >"$out" 2>&1
  hits=$(curl -s --max-time 2 "http://127.0.0.1:$STREAM_PORT/__hits/$key")
  local ok p50 max
  ok=$(node -e 'const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(r.ok, r.p50_ms, r.max_ms, Object.entries(r.caches).map(([k, v]) => k + " " + v).join(", "))' <"$out" 2>/dev/null)
  if [ -z "$ok" ]; then verdict stampede "$p" "client failed: $(tail -n 1 "$out" | cut -c1-100)"; return; fi
  local caches
  read -r ok p50 max caches <<<"$ok"
  local notes="origin hits: $hits for $STAMPEDE_N concurrent misses (origin delay ${SLOW_DELAY_MS} ms); p50 $p50 ms, max $max ms; X-Cache: $caches"
  # The answer must have been stored: the next request for the key stays off the origin.
  local stored
  stored=$(probe_cached "$p" "/stampede/$key" "Bearer stampede")
  [ -n "$stored" ] && { verdict stampede "$p" "the stampeded key was not stored ($stored); $notes"; [ "$p" = mcp-edge ] && return; }
  if [ "$ok" -ne "$STAMPEDE_N" ]; then verdict stampede "$p" "$((STAMPEDE_N - ok)) of $STAMPEDE_N not 200; $notes"; [ "$p" = mcp-edge ] && return; fi
  record stampede "$p" "$([ "$ok" -eq "$STAMPEDE_N" ] && echo ok || echo "verify failed")" NA \
    "$(awk -v m="$p50" 'BEGIN { printf "%.0f", m * 1000 }')" NA NA NA NA "$notes"
}

# sse_clean_origin PROXY: every proxy's run starts from an origin that holds no stream: the
# probe's stream and the previous proxy's streams must be closed at the stream origin (and with
# them the origin nginx's two sockets per stream), or a proxy that closes late would eat into the
# next one's file descriptors and worker_connections. Waits at most SSE_DRAIN_SECS, then restarts
# the stream origin.
sse_clean_origin() {
  drain_streams "$SSE_DRAIN_SECS"
  if [ "$DRAIN_LEFT" != 0 ]; then
    log "sse / $1: $DRAIN_LEFT streams still open at the origin after ${SSE_DRAIN_SECS}s; restarting the stream origin"
    restart_stream_origin
    drain_streams 5
  fi
  log "sse / $1: origin streams $DRAIN_LEFT (waited ${DRAIN_MS} ms), TIME-WAIT sockets to the origin $(loopback_time_wait)"
}

sc_sse() {
  local p=$1 url="http://127.0.0.1:${PORT[$1]}/sse" out="$TMP/sse-$1.out" pids rss0 rss1 first
  first=$(curl -s -N --max-time 2 "$url" | head -n 2) # head ends curl at the next event
  grep -q 'event: endpoint' <<<"$first" || { verdict sse "$p" "no SSE endpoint event through the proxy"; [ "$p" = mcp-edge ] && return; }
  # Warm-up, as every other scenario has one of its own load: rounds of half the streams, each
  # opened, held for one event interval and closed (one more round than the other scenarios'
  # for mcp-edge, one for the others). A stream's end runs once per stream, so C2 compiles that
  # path only after several thousand; without these rounds it did so while the measured run's
  # 8,000 streams closed, and its working memory (18-19 MiB of arenas, NMT's "Arena Chunk") came
  # on top of the heap that held them: that was the peak. Half, so that the heap grown for the
  # warm-up stays below what the measured run needs anyway.
  local wn=$(((SSE_STREAMS + 1) / 2)) r rounds=1
  [ "$p" = mcp-edge ] && rounds=$((WARMUP_ROUNDS + 1))
  for ((r = 1; r <= rounds; r++)); do
    sse_clean_origin "$p"
    run_logged "$TMP/sse-$p.warmup" node "$BENCH_DIR/node/sse-hold.mjs" "$url" "$wn" "$((SSE_INTERVAL_MS + 1000))" 250
  done
  sse_clean_origin "$p"
  mapfile -t pids < <(tree_pids "${PID[$p]}")
  rss0=$(status_kb VmRSS "${pids[@]}")
  reset_hwm "${pids[@]}"
  local hold=$((SSE_INTERVAL_MS * 3))
  echo "node bench/node/sse-hold.mjs $url $SSE_STREAMS $hold 250" >>"$CMDS"
  timeout 600 taskset -c "$LOAD_CPU" node "$BENCH_DIR/node/sse-hold.mjs" "$url" "$SSE_STREAMS" "$hold" 250 >"$out" 2>&1 &
  local client=$! i
  for i in $(seq 3000); do grep -q '^READY' "$out" && break; kill -0 "$client" 2>/dev/null || break; sleep 0.1; done
  sleep 1
  mapfile -t pids < <(tree_pids "${PID[$p]}")
  rss1=$(status_kb VmRSS "${pids[@]}")
  wait "$client"
  local hwm verdict_json opened with closed rss2
  hwm=$(status_kb VmHWM "${pids[@]}")
  # How long the proxy takes to close the upstream side of streams whose clients left.
  drain_streams "$SSE_DRAIN_SECS"
  if [ "$DRAIN_LEFT" = 0 ]; then
    closed="upstream streams closed ${DRAIN_MS} ms after the clients left"
  else
    closed="$DRAIN_LEFT upstream streams still open ${SSE_DRAIN_SECS} s after the clients left"
  fi
  mapfile -t pids < <(tree_pids "${PID[$p]}")
  rss2=$(status_kb VmRSS "${pids[@]}")
  verdict_json=$(grep '^{' "$out")
  opened=$(sed -n 's/.*"opened":\([0-9]*\).*/\1/p' <<<"$verdict_json")
  with=$(sed -n 's/.*"withNewEvents":\([0-9]*\).*/\1/p' <<<"$verdict_json")
  if [ -z "$opened" ]; then verdict sse "$p" "client failed: $(tail -n 1 "$out" | cut -c1-100)"; return; fi
  local per problem=""
  per=$(awk -v a="$rss0" -v b="$rss1" -v n="$opened" 'BEGIN { if (n > 0) printf "%.1f", (b - a) / n; else print "NA" }')
  [ "$opened" -lt "$SSE_STREAMS" ] && problem="only $opened of $SSE_STREAMS streams opened"
  [ "${with:-0}" -lt "$opened" ] && problem="${problem:+$problem, }only $with of $opened streams got events while idle"
  if [ -n "$problem" ]; then verdict sse "$p" "$problem; $closed"; [ "$p" = mcp-edge ] && return; fi
  record sse "$p" "$(status_of "$problem")" NA NA NA NA NA "$(mib "$hwm")" \
    "${problem:+$problem; }$per KiB RSS per stream ($opened streams, RSS $(mib "$rss0") -> $(mib "$rss1") MiB, $(mib "$rss2") MiB once they closed; $with kept receiving events; $closed)"
}

sc_websocket() {
  local p=$1 url="ws://127.0.0.1:${PORT[$1]}/ws" out="$TMP/websocket-$1.out" json
  warm_up "$p" "$out.warmup" node "$BENCH_DIR/node/ws-echo.mjs" "$url" "$WS_CONNS" "$WS_MSGS" "$WS_SIZE"
  measure "$p" "$out" node "$BENCH_DIR/node/ws-echo.mjs" "$url" "$WS_CONNS" "$WS_MSGS" "$WS_SIZE"
  json=$(grep '^{' "$out")
  local n exp err
  n=$(sed -n 's/.*"messages":\([0-9]*\).*/\1/p' <<<"$json")
  exp=$(sed -n 's/.*"expected":\([0-9]*\).*/\1/p' <<<"$json")
  err=$(sed -n 's/.*"errors":\([0-9]*\).*/\1/p' <<<"$json")
  if [ -z "$n" ]; then verdict websocket "$p" "client failed: $(tail -n 1 "$out" | cut -c1-100)"; return; fi
  local problem=""
  [ "$n" -lt "$exp" ] || [ "$err" -gt 0 ] && problem="$n of $exp echoes, $err errors"
  if [ -n "$problem" ]; then verdict websocket "$p" "$problem"; [ "$p" = mcp-edge ] && return; fi
  f() { sed -n 's/.*"'"$1"'":\([0-9.]*\).*/\1/p' <<<"$json"; }
  record websocket "$p" "$(status_of "$problem")" "$(f rate)" "$(f p50_us)" "$(f p99_us)" "$(f p999_us)" \
    "$(cpu_us_per "$M_TICKS" "$n")" "$(mib "$M_HWM_KB")" \
    "${problem:-$WS_CONNS connections x $WS_MSGS echoes of $WS_SIZE B; CPU per round trip}"
}

sc_rate_limit() {
  local p=$1 url="http://127.0.0.1:${PORT[$1]}/rl/tools.json" out="$TMP/rate-limit-$1.out"
  [ "$p" = varnish ] && { skip rate-limit "$p" "Varnish 7.1 has no rate limiter without vmod vsthrottle (varnish-modules)"; return; }
  warm_up "$p" "$out.warmup" wrk -t 1 -c "$RL_CONNS" -d "$(warmup_secs "$p")s" --timeout 10s -s "$BENCH_DIR/lua/ratelimit.lua" "$url"
  sleep 1 # the bucket refills to its burst
  measure "$p" "$out" "${env[@]}" wrk -t 1 -c "$RL_CONNS" -d "${DURATION}s" --timeout 10s -s "$BENCH_DIR/lua/ratelimit.lua" "$url"
  local n dur ok lim other
  n=$(bench_field "$out" requests)
  [ -z "$n" ] && { verdict rate-limit "$p" "load generator failed"; return; }
  dur=$(bench_field "$out" duration_us) ok=$(bench_field "$out" ok)
  lim=$(bench_field "$out" limited) other=$(bench_field "$out" other)
  local expected accuracy offered problem=""
  expected=$(awk -v d="$dur" -v r="$RL_RATE" -v b="$RL_BURST" 'BEGIN { printf "%.0f", r * d / 1e6 + b }')
  accuracy=$(awk -v a="$ok" -v e="$expected" 'BEGIN { printf "%.3f", a / e }')
  offered=$(awk -v n="$n" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  [ "$lim" -eq 0 ] && problem="no 429 under a flood of $offered req/s"
  [ "$other" -gt 0 ] && problem="${problem:+$problem, }$other answers neither 200 nor 429"
  if [ -n "$problem" ]; then verdict rate-limit "$p" "$problem"; [ "$p" = mcp-edge ] && return; fi
  record rate-limit "$p" "$(status_of "$problem")" "$offered" \
    "$(bench_field "$out" p50)" "$(bench_field "$out" p99)" "$(bench_field "$out" p999)" \
    "$(cpu_us_per "$M_TICKS" "$n")" "$(mib "$M_HWM_KB")" \
    "${problem:+$problem; }allowed $ok of expected $expected (accuracy $accuracy), 429: $lim; offered $offered req/s = $(awk -v o="$offered" -v r="$RL_RATE" 'BEGIN { printf "%.1f", o / r }')x the limit"
}

# rate-limit-global: mcp-edge's route /rlg/ has the rate-limit scenario's limit with scope: global,
# its buckets in a redis-server on loopback (the same machine, on the load CPU), so that CPU per
# request and p99 compare with the scope: local row of rate-limit (targets: at most 1.15x and
# 1.2x). Without the scenario the route stays local and no Redis runs.
global_limit_setup() {
  local scope=local
  case " $SCENARIOS " in
    *" rate-limit-global "*)
      if command -v redis-server >/dev/null 2>&1; then
        mkdir -p "$TMP/redis"
        start redis "$LOAD_CPU" redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$TMP/redis" \
          --save "" --appendonly no --daemonize no
        for i in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
        printf 'redis: { address: "redis://127.0.0.1:%s" }\n' "$REDIS_PORT" >>"$EDGE_CONF"
        scope=global
      fi ;;
  esac
  sed -i "s#@RLG_SCOPE@#$scope#" "$EDGE_CONF"
}

sc_rate_limit_global() {
  local p=$1 url="http://127.0.0.1:${PORT[$1]}/rlg/tools.json" out="$TMP/rate-limit-global-$1.out"
  [ "$p" = mcp-edge ] || { skip rate-limit-global "$p" "mcp-edge's scope: global only"; return; }
  grep -q "scope: global" "$EDGE_CONF" || { verdict rate-limit-global "$p" "redis-server is not installed"; return; }
  warm_up "$p" "$out.warmup" wrk -t 1 -c "$RL_CONNS" -d "$(warmup_secs "$p")s" --timeout 10s -s "$BENCH_DIR/lua/ratelimit.lua" "$url"
  sleep 1 # the bucket refills to its burst
  measure "$p" "$out" "${env[@]}" wrk -t 1 -c "$RL_CONNS" -d "${DURATION}s" --timeout 10s -s "$BENCH_DIR/lua/ratelimit.lua" "$url"
  local n dur ok lim other
  n=$(bench_field "$out" requests)
  [ -z "$n" ] && { verdict rate-limit-global "$p" "load generator failed"; return; }
  dur=$(bench_field "$out" duration_us) ok=$(bench_field "$out" ok)
  lim=$(bench_field "$out" limited) other=$(bench_field "$out" other)
  local expected accuracy offered cpu p99 vs="" problem=""
  expected=$(awk -v d="$dur" -v r="$RL_RATE" -v b="$RL_BURST" 'BEGIN { printf "%.0f", r * d / 1e6 + b }')
  accuracy=$(awk -v a="$ok" -v e="$expected" 'BEGIN { printf "%.3f", a / e }')
  offered=$(awk -v n="$n" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  cpu=$(cpu_us_per "$M_TICKS" "$n") p99=$(bench_field "$out" p99)
  [ "$lim" -eq 0 ] && problem="no 429 under a flood of $offered req/s"
  [ "$other" -gt 0 ] && problem="${problem:+$problem, }$other answers neither 200 nor 429"
  # Against the scope: local row of the same run, when there is one.
  local local_row
  local_row=$(awk -F'\t' -v p="$p" '$1 == "rate-limit" && $2 == p && $3 == "ok"' "$TSV")
  if [ -n "$local_row" ]; then
    vs=$(awk -F'\t' -v c="$cpu" -v q="$p99" '{ printf "; vs local: CPU/req %.2fx (target <= 1.15x), p99 %.2fx (target <= 1.2x)", c / $8, q / $6 }' <<<"$local_row")
  fi
  if [ -n "$problem" ]; then verdict rate-limit-global "$p" "$problem"; return; fi
  record rate-limit-global "$p" ok "$offered" \
    "$(bench_field "$out" p50)" "$p99" "$(bench_field "$out" p999)" "$cpu" "$(mib "$M_HWM_KB")" \
    "scope: global, Redis on loopback; allowed $ok of expected $expected (accuracy $accuracy), 429: $lim$vs"
}

# ---------------------------------------------------------------------------------------------
# Report.

write_report() {
  local cpu_model mem
  cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  {
    echo "# mcp-edge load benchmark ($([ "$QUICK" = 1 ] && echo "smoke run, --quick" || echo "full run"))"
    echo
    echo "Written by \`bench/run.sh ${ARGS//"$ROOT"\//}\` on $(date -u '+%Y-%m-%d %H:%M UTC') at commit \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\`."
    [ "$QUICK" = 1 ] && echo "Smoke figures prove the harness only: too short and too light to compare proxies."
    echo
    echo "## Machine and tools"
    echo
    echo "- CPU: $cpu_model; \`nproc\`: $(nproc); memory: $mem; kernel $(uname -r)"
    echo "- Proxies pinned to CPU $PROXY_CPU; origin and load generators pinned to CPU $LOAD_CPU (\`taskset -c\`)"
    echo "- $(nginx -v 2>&1 | sed 's/^nginx version: //'); $(varnishd -V 2>&1 | head -n 1 | sed 's/ revision.*/)/'); $(haproxy -v | head -n 1 | awk '{ print "HAProxy " $3 }')"
    # What the launcher runs; its first word is the java it picked.
    local edge_cmd
    edge_cmd=$(MCP_EDGE_PRINT=1 MCP_EDGE_JAR=proxy-server/target/proxy.jar "$ROOT/scripts/mcp-edge" --config mcp-edge.yaml)
    echo "- $(wrk -v 2>&1 | head -n 1 | awk '{ print "wrk " $2 }'); $(h2load --version | head -n 1); node $(node --version); mcp-edge on $("${edge_cmd%% *}" -version 2>&1 | head -n 1)"
    echo "- mcp-edge: \`scripts/mcp-edge\`, which ran \`java ${edge_cmd#* }\`; ioThreads 1"
    echo
    echo "## Method"
    echo
    echo "- Measured load: ${DURATION} s per proxy and scenario, after a warm-up of the same load: $(($(warmup_secs mcp-edge) * WARMUP_ROUNDS)) s for mcp-edge (JIT), in ${WARMUP_ROUNDS} round(s) of $(warmup_secs mcp-edge) s with the load generator reconnecting between them, ${WARMUP} s for the others."
    echo "- CPU per request: user+sys ticks (/proc/PID/stat, all threads, the proxy's whole process tree) over the measured run, divided by the requests the load generator completed (WebSocket: per echoed message). Resolution: one tick = $((1000 / CLK_TCK)) ms of CPU, so figures from runs that use under a second of proxy CPU (the smoke run) are coarse."
    echo "- Peak RSS: sum of VmHWM over the proxy's processes, reset (clear_refs) before each measured run; shared pages count once per process."
    [ -n "$BENCH_SYSCALLS" ] && echo "- System calls per request (notes column): every system call the proxy's threads entered during the measured run (perf stat on the raw_syscalls:sys_enter tracepoint), divided by the requests completed."
    [[ " $SCENARIOS " == *" sse "* ]] && echo "- sse: $SSE_STREAMS streams held for $((SSE_INTERVAL_MS * 3 / 1000)) s, after warm-up rounds of $(((SSE_STREAMS + 1) / 2)) streams each opened, held for one event interval and closed ($((WARMUP_ROUNDS + 1)) for mcp-edge, 1 for the others); the ratio column compares peak RSS."
    echo "- Cache scenarios are verified: a probe must be answered without the origin (and X-Cache HIT where set), and the origin's own request counter must stay under 1% of the requests during the run."
    echo "- Origin: nginx serving fixed files with the gateway's headers (\`Cache-Control: no-store, private\`, \`Vary: Authorization\` on the API reads); every cache overrides the TTL as the seed's VCL does (API reads 5 min keyed per credential, static assets 30 d shared). Streams come from a node process behind the origin nginx."
    echo "- Latency in microseconds (stampede: p50 only, of $STAMPEDE_N concurrent first requests). Ratios are mcp-edge ÷ the row's proxy, same run: below 1 means mcp-edge costs less."
    echo
    echo "## Results"
    local s
    for s in $SCENARIOS; do
      is_curve "$s" && continue
      echo
      echo "### $s"
      echo
      echo "| proxy | status | req/s | p50 us | p99 us | p99.9 us | CPU us/req | peak RSS MiB | mcp-edge ÷ proxy (CPU/req, p99) | notes |"
      echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
      awk -F'\t' -v s="$s" '
        $1 == s { n++; row[n] = $0; if ($2 == "mcp-edge" && $3 == "ok") { ecpu = $8; ep99 = $6; erss = $9 } }
        END {
          for (i = 1; i <= n; i++) {
            split(row[i], f, "\t")
            ratio = "-"
            if (s == "sse" && f[2] != "mcp-edge" && erss != "" && erss != "NA" && f[9] != "NA" && f[9] > 0)
              ratio = sprintf("%.2f (peak RSS)", erss / f[9])
            else if (f[2] != "mcp-edge" && ecpu != "" && ecpu != "NA" && f[8] != "NA" && f[8] > 0)
              ratio = sprintf("%.2f, %s", ecpu / f[8], (ep99 != "NA" && f[6] != "NA" && f[6] > 0) ? sprintf("%.2f", ep99 / f[6]) : "-")
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], ratio, f[10]
          }
        }' "$TSV"
    done
    write_curves_report
    echo
    echo "## Chart"
    echo
    echo "![CPU time per request by scenario and proxy]($OUT.png)"
    echo
    echo "## Commands"
    echo
    echo "Servers, as started (configs rendered from bench/configs/ into ${TMP#"$ROOT"/}/):"
    echo
    echo '```'
    sed -e "s#$BENCH_DIR#bench#g" -e "s#$ROOT/##g" "$TMP/servers.txt"
    echo '```'
    echo
    echo "Every load command of the run, in order:"
    echo
    echo '```'
    sed -e "s#$BENCH_DIR#bench#g" -e "s#$ROOT/##g" "$CMDS"
    echo '```'
  } >"$MD"
}

write_chart() {
  local data=$TMP/chart.dat
  {
    printf 'scenario'
    for p in $PROXIES; do printf '\t%s' "$p"; done
    echo
    for s in $SCENARIOS; do
      awk -F'\t' -v s="$s" '$1 == s && $8 != "NA" && $3 ~ /^ok|verify/ { found = 1 } END { exit !found }' "$TSV" || continue
      printf '%s' "$s"
      for p in $PROXIES; do
        awk -F'\t' -v s="$s" -v p="$p" '$1 == s && $2 == p { v = $8 } END { printf "\t%s", (v == "" ? "NA" : v) }' "$TSV"
      done
      echo
    done
  } >"$data"
  local term="pngcairo size 1100,600 font 'sans,10'"
  gnuplot -e "set terminal pngcairo" </dev/null >/dev/null 2>&1 || term="png size 1100,600"
  gnuplot >"$TMP/gnuplot.log" 2>&1 <<EOF
set terminal $term
set output '$PNG'
set title 'CPU time per request (lower is better), proxy pinned to one CPU'
set ylabel 'CPU microseconds per request'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set datafile missing 'NA'
set datafile separator '\t'
set key top left
set grid ytics
set xtics rotate by -20
set yrange [0:*]
plot for [i=2:$(($(echo $PROXIES | wc -w) + 1))] '$data' using i:xtic(1) title columnheader(i)
EOF
  [ -s "$PNG" ] || log "gnuplot wrote no chart (see $TMP/gnuplot.log)"
}

# tail_file FILE LINES: the last lines of a log, with its name, when it is not empty; without
# nginx's rate-limit rejections, which fill its error log after the rate-limit scenario.
tail_file() {
  [ -s "$1" ] || return 0
  echo "--- ${1#"$ROOT"/} (last $2 lines)"
  grep -v 'limiting requests, excess' "$1" | tail -n "$2" | cut -c1-300
}

# check_rows (--strict): every row must be ok or skipped. Prints the other rows, the tails of the
# logs of their proxies and scenarios and of the origin, and returns 1.
check_rows() {
  local bad s p f
  bad=$(awk -F'\t' 'NR > 1 && $3 != "ok" && $3 != "skipped"' "$TSV")
  if [ -z "$bad" ]; then
    log "strict: all $(($(wc -l <"$TSV") - 1)) rows ok or skipped"
    return 0
  fi
  {
    echo "[bench] strict: $(wc -l <<<"$bad") row(s) neither ok nor skipped:"
    awk -F'\t' '{ printf "  %s / %s: %s%s\n", $1, $2, $3, ($10 == "" ? "" : " (" $10 ")") }' <<<"$bad"
    for p in $(cut -f2 <<<"$bad" | sort -u); do
      for f in "$TMP/$p.log" "$TMP/$p.err"; do tail_file "$f" 20; done
    done
    while IFS=$'\t' read -r s p _; do
      for f in "$TMP/$s-$p".*; do tail_file "$f" 15; done
    done <<<"$bad"
    for f in "$TMP/origin-nginx.err" "$TMP/stream-origin.log"; do tail_file "$f" 15; done
    echo "[bench] every file of the run: ${TMP#"$ROOT"/}/ (report: ${MD#"$ROOT"/})"
  } >&2
  return 1
}

# ---------------------------------------------------------------------------------------------

main() {
  rm -rf "$TMP"
  mkdir -p "$TMP" "${EDGE_CONF%/*}"
  : >"$CMDS"
  : >"$TMP/servers.txt"
  # The sse scenario holds two sockets per stream in the proxy and in the origin nginx (client
  # and upstream side), and one in the stream origin and the client: 20,000 covers 8,000 streams.
  raise_nofile $((2 * SSE_STREAMS + 4000 > 20000 ? 2 * SSE_STREAMS + 4000 : 20000))
  install_missing
  for port in "$ORIGIN_PORT" "$ORIGIN_H2C_PORT" "$STREAM_PORT" "$NGINX_PORT" "$NGINX_H2C_PORT" \
    "$VARNISH_PORT" "$VARNISH_ADMIN_PORT" "$HAPROXY_PORT" "$HAPROXY_H2C_PORT" "$EDGE_PORT" "$EDGE_ADMIN_PORT" \
    "$NGINX_TLS_PORT" "$HAPROXY_TLS_PORT" "$EDGE_TLS_PORT" "$REDIS_PORT"; do
    port_busy "$port" && { log "port $port is in use: set BENCH_PORT_BASE"; exit 1; }
  done
  case " $PROXIES " in *" mcp-edge "*) build_jar ;; esac
  make_content
  make_certificates
  start_origin
  for p in $PROXIES; do start_proxy "$p"; done
  rm -f "$CURVES_TSV" "$RESULTS/$OUT"-{load-level,connections,routes,cache-size}.png
  printf 'scenario\tproxy\tstatus\treq_s\tp50_us\tp99_us\tp999_us\tcpu_us_per_req\tpeak_rss_mib\tnotes\n' >"$TSV"
  local s
  for s in $SCENARIOS; do
    log "scenario $s"
    case "$s" in
      cache-2k) for_proxies "$s" sc_cache_2k ;;
      cache-32k) for_proxies "$s" sc_cache_32k ;;
      pass-h1) for_proxies "$s" sc_pass_h1 ;;
      mcp-tools-list) for_proxies "$s" sc_mcp_tools_list ;;
      mcp-tools-list-pass) for_proxies "$s" sc_mcp_tools_list_pass ;;
      h2-downstream) for_proxies "$s" sc_h2_downstream ;;
      h2c-upstream) for_proxies "$s" sc_h2c_upstream ;;
      per-credential) for_proxies "$s" sc_per_credential ;;
      stampede) for_proxies "$s" sc_stampede ;;
      sse) for_proxies "$s" sc_sse ;;
      websocket) for_proxies "$s" sc_websocket ;;
      rate-limit) for_proxies "$s" sc_rate_limit ;;
      rate-limit-global) for_proxies "$s" sc_rate_limit_global ;;
      tls-cache-2k) for_proxies "$s" sc_tls_cache_2k ;;
      tls-h2-cache-2k) for_proxies "$s" sc_tls_h2_cache_2k ;;
      tls-handshake) for_proxies "$s" sc_tls_handshake ;;
      load-level | connections | routes | cache-size) run_curve "$s" ;;
    esac
  done
  write_report
  if [ -n "$(for s in $SCENARIOS; do is_curve "$s" || echo "$s"; done)" ]; then write_chart; fi
  write_curve_charts
  log "wrote ${MD#"$ROOT"/}, ${TSV#"$ROOT"/} and ${PNG#"$ROOT"/}"
  if [ "$STRICT" = 1 ]; then
    local failed=0
    check_rows || failed=1
    check_curve_rows || failed=1
    [ "$failed" = 0 ] || exit 1
  fi
}

main
