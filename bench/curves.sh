# Sourced by run.sh: the growth curves, scenarios that measure how a proxy's cost grows with the
# work instead of at one size. Each writes rows into $CURVES_TSV (one per point), a table in the
# report and a PNG curve ($OUT-<curve>.png). They are not in the default run (run.sh's
# ALL_SCENARIOS); ask for them with --scenarios load-level,connections,routes,cache-size. See
# README.md.
#
#   load-level   CPU per request at fixed request rates (paced wrk, lua/paced.lua) and at
#                saturation, for cache hits and pass-through: mcp-edge, nginx, HAProxy (pass only)
#   connections  keep-alive clients on cache hits: CPU per request at a fixed rate spread over N
#                connections, and the memory each idle connection adds: mcp-edge and nginx
#   routes       mcp-edge with N generated routes ahead of the bench's own: CPU per request of a
#                cache hit and a pass-through whose routes come after all of them
#   cache-size   mcp-edge with stores of N entries (the largest 200,000 in 1 GiB), filled first:
#                CPU per hit over random keys of the whole store, GC pause p99, peak RSS


if [ "$QUICK" = 1 ]; then
  LEVEL_RATES="200 1000" CONN_LEVELS="16 200" CONN_RATE=500 ROUTE_COUNTS="10 1000"
  CACHE_ENTRIES="1000 20000" CACHE_MAX_MIB=128 CACHE_TOKENS=1000
else
  LEVEL_RATES="1000 5000 20000" CONN_LEVELS="64 1000 10000" CONN_RATE=5000 ROUTE_COUNTS="10 1000"
  CACHE_ENTRIES="1000 20000 200000" CACHE_MAX_MIB=1024 CACHE_TOKENS=10000
fi
# cache-size: where the store keeps bodies (cache.storage: direct keeps them off the heap; heap is
# the proxy's default), the size of an API read's body, the bytes the store weighs per entry
# beyond its body (key, headers three times, bookkeeping: 4,273 B measured with /cache/stats on
# this origin's answers), and JVM options added after the computed ones (so they win).
CACHE_STORAGE=direct CACHE_API_BYTES=256 CACHE_ENTRY_OVERHEAD=4300 CACHE_JAVA_OPTS=""
for v in LEVEL_RATES CONN_LEVELS CONN_RATE ROUTE_COUNTS CACHE_ENTRIES CACHE_MAX_MIB CACHE_TOKENS \
  CACHE_STORAGE CACHE_API_BYTES CACHE_ENTRY_OVERHEAD CACHE_JAVA_OPTS; do
  o="BENCH_$v"
  [ -n "${!o:-}" ] && printf -v "$v" '%s' "${!o}"
done
CURVES_TSV=$RESULTS/$OUT-curves.tsv

is_curve() { [[ " $CURVE_SCENARIOS " == *" $1 "* ]]; }

# A curve point: curve, series, x, status, req/s, CPU us/req, RSS MiB, KiB per idle connection,
# notes.
curve_record() {
  local IFS=$'\t'
  echo "$*" >>"$CURVES_TSV"
  log "$1 / $2 @ $3: $4 (CPU us/req ${6:-}) ${9:-}"
}

# curve_proxies CANDIDATES: those of the run's proxies that are up; the others get a row saying why.
curve_proxies() {
  local curve=$1 p
  for p in $2; do
    [[ " $PROXIES " == *" $p "* ]] || continue
    if [ "${STATE[$p]}" = up ]; then echo "$p"; else curve_record "$curve" "$p" NA "${STATE[$p]}" NA NA NA NA "" >&2; fi
  done
}

# paced_window PROXY OUT URL CONNS RATE WARM [wrk args...]: one wrk run of WARM + DURATION seconds
# at RATE requests/s over CONNS connections; the proxy's CPU is sampled after WARM and at the end
# of the window, so that connecting (10,000 handshakes) and the warm-up stay out of the figure.
# Sets W_TICKS (CPU ticks in the window).
paced_window() {
  local p=$1 out=$2 url=$3 conns=$4 rate=$5 warm=$6
  shift 6
  local pids c0 w
  mapfile -t pids < <(tree_pids "${PID[$p]}")
  { printf 'BENCH_RATE=%s ' "$rate"; printf '%q ' wrk -t 1 -c "$conns" -d "$((warm + DURATION))s" --timeout 10s \
    -s "$BENCH_DIR/lua/paced.lua" "$@" "$url"; echo; } >>"$CMDS"
  BENCH_RATE=$rate timeout "$LOAD_TIMEOUT" taskset -c "$LOAD_CPU" wrk -t 1 -c "$conns" \
    -d "$((warm + DURATION))s" --timeout 10s -s "$BENCH_DIR/lua/paced.lua" "$@" "$url" >"$out" 2>&1 &
  w=$!
  sleep "$warm"
  c0=$(cpu_ticks "${pids[@]}")
  reset_hwm "${pids[@]}"
  sleep "$DURATION"
  W_TICKS=$(($(cpu_ticks "${pids[@]}") - c0))
  W_HWM_KB=$(status_kb VmHWM "${pids[@]}")
  wait "$w"
}

# curve_wrk_row CURVE SERIES X OUT TICKS RATE HWM_KB [PER_CONN_KIB] [NOTES]: one point from a wrk
# run's BENCH line. RATE is the asked rate of a paced window (its requests are the achieved rate
# times DURATION, the window's length), or empty for a whole measured run.
curve_wrk_row() {
  local curve=$1 series=$2 x=$3 out=$4 ticks=$5 rate=$6 hwm=$7 per=${8:-NA} notes=${9:-}
  local n dur reqs sockerr problem="" rps
  n=$(bench_field "$out" requests)
  if [ -z "$n" ]; then
    curve_record "$curve" "$series" "$x" failed NA NA NA "$per" "load generator failed: $(tail -n 1 "$out" | cut -c1-100)"
    return
  fi
  dur=$(bench_field "$out" duration_us)
  rps=$(awk -v n="$n" -v d="$dur" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
  sockerr=$(($(bench_field "$out" connect) + $(bench_field "$out" read) + $(bench_field "$out" write) + $(bench_field "$out" timeout)))
  [ "$(bench_field "$out" non2xx)" -gt 0 ] && problem="$(bench_field "$out" non2xx) non-2xx answers"
  [ "$sockerr" -gt 0 ] && problem="${problem:+$problem, }$sockerr socket errors"
  reqs=$n
  if [ -n "$rate" ]; then
    reqs=$(awk -v r="$rps" -v d="$DURATION" 'BEGIN { printf "%.0f", r * d }')
    [ "$rps" -lt $((rate * 9 / 10)) ] && problem="${problem:+$problem, }achieved $rps of $rate req/s"
    notes="paced at $rate req/s${notes:+; $notes}"
  fi
  curve_record "$curve" "$series" "$x" "$(status_of "$problem")" "$rps" "$(cpu_us_per "$ticks" "$reqs")" \
    "$(mib "$hwm")" "$per" "${problem:+$problem; }$notes"
}

# workload_args WORKLOAD: sets W_PATH and W_ARGS (wrk header arguments) of cache-2k or pass.
workload_args() {
  case "$1" in
    cache-2k) W_PATH=/v1/tools W_ARGS=(-H "Authorization: Bearer bench-token-1") ;;
    pass) W_PATH=/pass/tools.json W_ARGS=() ;;
  esac
}

# workload_probe PROXY WORKLOAD: echoes the problem, if any (a cache workload must be a hit).
workload_probe() {
  local code
  if [ "$2" = cache-2k ]; then
    probe_cached "$1" /v1/tools "Bearer bench-token-1"
  else
    code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' "http://127.0.0.1:${PORT[$1]}/pass/tools.json")
    [ "$code" = 200 ] || echo "probe answered $code"
  fi
}

# saturated CURVE SERIES X PROXY WORKLOAD: the proxy's warm-up, then the measured run at
# saturation (CONNS connections, as the cache-2k and pass-h1 scenarios), recorded as one point.
saturated() {
  local curve=$1 series=$2 x=$3 p=$4 w=$5 out url
  workload_args "$w"
  url="http://127.0.0.1:${PORT[$p]}$W_PATH"
  out="$TMP/$curve-$p-$w-$x"
  warm_up "$p" "$out.warmup" wrk -t 1 -c "$CONNS" -d "$(warmup_secs "$p")s" --timeout 10s \
    -s "$BENCH_DIR/lua/report.lua" "${W_ARGS[@]}" "$url"
  measure "$p" "$out.out" wrk -t 1 -c "$CONNS" -d "${DURATION}s" --timeout 10s -s "$BENCH_DIR/lua/report.lua" \
    "${W_ARGS[@]}" "$url"
  curve_wrk_row "$curve" "$series" "$x" "$out.out" "$M_TICKS" "" "$M_HWM_KB" NA \
    "saturation, $CONNS connections; origin requests during run: $M_ORIGIN"
}

curve_load_level() {
  local p w rate problem
  for p in $(curve_proxies load-level "mcp-edge nginx haproxy"); do
    for w in cache-2k pass; do
      [ "$p" = haproxy ] && [ "$w" = cache-2k ] && continue # the pass-through reference caches nothing
      problem=$(workload_probe "$p" "$w")
      if [ -n "$problem" ]; then curve_record load-level "$p/$w" NA failed NA NA NA NA "$problem"; continue; fi
      # Saturation first: it is also the JIT's warm-up for the paced runs.
      saturated load-level "$p/$w" saturation "$p" "$w"
      for rate in $LEVEL_RATES; do
        paced_window "$p" "$TMP/load-level-$p-$w-$rate.out" "http://127.0.0.1:${PORT[$p]}$W_PATH" \
          "$CONNS" "$rate" "$WARMUP" "${W_ARGS[@]}"
        curve_wrk_row load-level "$p/$w" "$rate" "$TMP/load-level-$p-$w-$rate.out" "$W_TICKS" "$rate" "$W_HWM_KB"
      done
    done
  done
}

# rss_by_process PIDS...: "name pid: N MiB" for each process (nginx's master and worker apart).
rss_by_process() {
  local p out=()
  for p in "$@"; do
    [ -r "/proc/$p/status" ] || continue
    out+=("$(ps -o comm= -p "$p") $p: $(mib "$(status_kb VmRSS "$p")") MiB")
  done
  local IFS=,
  echo "${out[*]}" | sed 's/,/, /g'
}

# settle_memory PIDS...: a full collection in each JVM among them (jcmd GC.run), so that its RSS
# holds what is live rather than the garbage of the load before: the JVM runs with the Serial
# collector and gives unused heap back (scripts/mcp-edge), so its RSS then falls to what it keeps.
settle_memory() {
  local p jcmd collected=0
  for p in "$@"; do
    [ "$(ps -o comm= -p "$p")" = java ] || continue
    jcmd=$(dirname "$(readlink -f "/proc/$p/exe")")/jcmd
    [ -x "$jcmd" ] || continue
    # Serial shrinks the heap by a damped step each full collection (0, 10, 40, then 100% of
    # the excess): four reach the bound.
    for _ in 1 2 3 4; do "$jcmd" "$p" GC.run >/dev/null 2>&1 && collected=1; done
  done
  # The launcher trims the native heap every 2 s (TrimNativeHeapInterval): let it run once.
  [ "$collected" = 1 ] && sleep 2.5
}

curve_connections() {
  local p n problem pids rss0 rss1 out holder i per json
  workload_args cache-2k
  for p in $(curve_proxies connections "mcp-edge nginx"); do
    problem=$(workload_probe "$p" cache-2k)
    if [ -n "$problem" ]; then curve_record connections "$p" NA failed NA NA NA NA "$problem"; continue; fi
    warm_up "$p" "$TMP/connections-$p.warmup" wrk -t 1 -c "$CONNS" -d "$(warmup_secs "$p")s" --timeout 10s \
      -s "$BENCH_DIR/lua/report.lua" "${W_ARGS[@]}" "http://127.0.0.1:${PORT[$p]}$W_PATH"
    for n in $CONN_LEVELS; do
      # Memory: N connections, each having had one cache hit, held idle; RSS before and after.
      out="$TMP/connections-$p-$n"
      mapfile -t pids < <(tree_pids "${PID[$p]}")
      settle_memory "${pids[@]}"
      rss0=$(status_kb VmRSS "${pids[@]}")
      echo "node bench/node/conn-hold.mjs ${PORT[$p]} $n $W_PATH 'Bearer bench-token-1' 3000" >>"$CMDS"
      timeout 300 taskset -c "$LOAD_CPU" node "$BENCH_DIR/node/conn-hold.mjs" "${PORT[$p]}" "$n" "$W_PATH" \
        "Bearer bench-token-1" 3000 >"$out.idle" 2>&1 &
      holder=$!
      for i in $(seq 3000); do grep -q '^READY' "$out.idle" && break; kill -0 "$holder" 2>/dev/null || break; sleep 0.1; done
      sleep 1
      settle_memory "${pids[@]}"
      rss1=$(status_kb VmRSS "${pids[@]}")
      local byproc
      byproc=$(rss_by_process "${pids[@]}")
      wait "$holder"
      json=$(grep '^{' "$out.idle")
      per=$(awk -v a="$rss0" -v b="$rss1" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }')
      problem=""
      grep -q '"failed":0,"closedWhileIdle":0}' <<<"$json" ||
        problem="idle connections: ${json:-holder failed: $(tail -n 1 "$out.idle" | cut -c1-100)}"
      # CPU: the same number of keep-alive clients, at CONN_RATE requests/s spread over all of them.
      paced_window "$p" "$out.out" "http://127.0.0.1:${PORT[$p]}$W_PATH" "$n" "$CONN_RATE" "$WARMUP" "${W_ARGS[@]}"
      curve_wrk_row connections "$p" "$n" "$out.out" "$W_TICKS" "$CONN_RATE" "$W_HWM_KB" "$per" \
        "${problem:+$problem; }RSS $(mib "$rss0") -> $(mib "$rss1") MiB with $n idle connections ($byproc)"
    done
  done
}

# The routes mcp-edge's config gets ahead of its own: an exact path, a prefix and an anchored
# regular expression in turn, as the JMH RouteTableGrowthBenchmark builds them.
generated_routes() {
  local n=$1 i
  for ((i = 0; i < n; i++)); do
    echo "  - name: gen-$i"
    case $((i % 3)) in
      0) echo "    match: {path: {type: Exact, value: /svc$i/status}}" ;;
      1) echo "    match: {path: {type: PathPrefix, value: /svc$i/api}}" ;;
      2) echo "    match: {path: {type: RegularExpression, value: \"^/svc$i/items/[0-9]+\$\"}}" ;;
    esac
    echo "    upstream: gateway"
    echo "    timeouts: {request: 60s}"
  done
}

# restart_edge: stops mcp-edge and starts it again on its config as EDGE_ROUTES says.
restart_edge() {
  local old=${PID[mcp-edge]} keep=() pid i
  kill -TERM "$old" 2>/dev/null
  for i in $(seq 100); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$old" 2>/dev/null
  wait "$old" 2>/dev/null
  for pid in "${STARTED[@]}"; do [ "$pid" = "$old" ] || keep+=("$pid"); done
  STARTED=("${keep[@]}")
  start_proxy mcp-edge
}

curve_routes() {
  local n w problem
  [ -n "$(curve_proxies routes mcp-edge)" ] || return
  for n in $ROUTE_COUNTS; do
    EDGE_ROUTES=$n restart_edge
    if [ "${STATE[mcp-edge]}" != up ]; then
      curve_record routes mcp-edge "$n" "${STATE[mcp-edge]}" NA NA NA NA ""
      continue
    fi
    for w in cache-2k pass; do
      problem=$(workload_probe mcp-edge "$w")
      if [ -n "$problem" ]; then curve_record routes "mcp-edge/$w" "$n" failed NA NA NA NA "$problem"; continue; fi
      saturated routes "mcp-edge/$w" "$n" mcp-edge "$w"
    done
  done
  restart_edge # back to the bench's own table for what runs next
}

# The cache-size key set (lua/keyset.lua, node/keyset-fill.mjs): per-credential API reads of
# make_content's items.json (CACHE_API_BYTES) and shared assets of its 32 KB script. The assets'
# share is the one that fills the largest point's store (CACHE_MAX_MIB) to 90 % of its bound, as
# the store weighs an entry (body + CACHE_ENTRY_OVERHEAD), and every point keeps that share, so
# that the hits of every point have the same mix of sizes; a point's configured size is the
# largest one's scaled by its entries (at least 16 MiB, twice the default maxObjectSize).
CACHE_ASSET_BYTES=32768

# cache_keyset ENTRIES: sets K_API, K_ASSETS and K_MIB (the configured maxSize in MiB).
cache_keyset() {
  local emax
  emax=$(tr ' ' '\n' <<<"$CACHE_ENTRIES" | sort -n | tail -n 1)
  read -r K_API K_ASSETS K_MIB < <(awk -v e="$1" -v E="$emax" -v M="$CACHE_MAX_MIB" -v o="$CACHE_ENTRY_OVERHEAD" \
    -v a="$CACHE_API_BYTES" -v s="$CACHE_ASSET_BYTES" 'BEGIN {
      share = (0.9 * M * 1048576 - E * (a + o)) / (s - a) / E
      if (share < 0) share = 0
      if (share > 1) share = 1
      assets = int(e * share + 0.5)
      mib = int((M * e + E - 1) / E)
      if (mib < 16) mib = 16
      print e - assets, assets, mib }')
}

# cache_java_opts MIB ENTRIES GCLOG: what JAVA_OPTS adds to the launcher's options for a store of
# MIB MiB: the GC log the pauses are read from, and room for the store as docs/caching.md sizes a
# heap ((stored + 24 MiB + 2 x maxObjectSize) / 0.9, 5 % over, at least the launcher's 256 MiB).
# With the heap storage the heap holds the whole store; with direct storage it holds what the
# store weighs beyond the bodies (keys, headers, bookkeeping: ENTRIES x CACHE_ENTRY_OVERHEAD, 10 %
# over, as the store evicts once that share reaches what the heap holds), and direct memory the
# bodies, with a quarter and 128 MiB to spare for the I/O buffers.
cache_java_opts() {
  local mib=$1 e=$2 onheap heap
  onheap=$mib
  [ "$CACHE_STORAGE" = heap ] || onheap=$((e * CACHE_ENTRY_OVERHEAD * 11 / 10 / 1048576 + 1))
  heap=$(((onheap + 40) * 10 / 9 * 105 / 100 + 1))
  [ "$heap" -lt 256 ] && heap=256
  if [ "$CACHE_STORAGE" = heap ]; then
    echo "-Xmx${heap}m -Xlog:gc:file=$3 $CACHE_JAVA_OPTS"
  else
    echo "-Xmx${heap}m -XX:MaxDirectMemorySize=$((mib + mib / 4 + 128))m -Xlog:gc:file=$3 $CACHE_JAVA_OPTS"
  fi
}

cache_stats() {
  curl -s --max-time 5 -H "Authorization: Bearer $EDGE_ADMIN_TOKEN" "http://127.0.0.1:$EDGE_ADMIN_PORT/cache/stats"
}
json_num() { sed -n 's/.*"'"$2"'":\([0-9]*\).*/\1/p' <<<"$1" | head -n 1; } # json_num JSON FIELD

# gc_pauses LOG FROM [KIND]: "count p99 max" (ms, p99 by nearest rank) of the pauses the JVM
# logged after line FROM of its -Xlog:gc log, of any kind or only of KIND (Young, Full):
# "[12.3s][info][gc] GC(7) Pause Young (Allocation Failure) 9M->2M(30M) 0.812ms".
gc_pauses() {
  tail -n +"$(($2 + 1))" "$1" 2>/dev/null |
    awk -v k="${3:-}" '/\[gc *\].* Pause .*ms$/ && $0 ~ ("Pause " k) { v = $NF; sub(/ms$/, "", v); print v + 0 }' |
    sort -g | awk '{ v[NR] = $1 } END {
      if (NR == 0) { print 0, 0, 0; exit }
      i = int(0.99 * NR); if (i < 0.99 * NR) i++
      printf "%d %.2f %.2f\n", NR, v[i], v[NR] }'
}

# keyset_walk PROXY OUT: one walk over every key of the point (node/keyset-fill.mjs). Sets
# WALK_JSON (its result line) and WALK_ORIGIN (the origin requests it caused).
keyset_walk() {
  local o0
  o0=$(origin_requests)
  echo "node bench/node/keyset-fill.mjs ${PORT[$1]} $K_API $CACHE_TOKENS $K_ASSETS 16" >>"$CMDS"
  timeout 900 taskset -c "$LOAD_CPU" node "$BENCH_DIR/node/keyset-fill.mjs" "${PORT[$1]}" "$K_API" "$CACHE_TOKENS" \
    "$K_ASSETS" 16 >"$2" 2>&1
  WALK_ORIGIN=$(($(origin_requests) - o0 - 1))
  WALK_JSON=$(grep '^{' "$2")
}

# cache_fill PROXY ENTRIES OUT: stores every key of the point (a first walk over the key set) and
# checks that it worked: every answer 200, each key one origin request, and the store
# (/cache/stats) holding them within its bound. A second walk must then be all hits (no origin
# request): it also gives every entry its first hit, which attaches the server's form of its
# headers (docs/caching.md, "Memory"), so that the heap has reached its size before the warm-up.
# Sets FILL_NOTE, and FILL_PROBLEM (empty when it worked).
cache_fill() {
  local p=$1 e=$2 out=$3 o1 json stats keys weight max
  keyset_walk "$p" "$out"
  json=$WALK_JSON o1=$WALK_ORIGIN
  stats=$(cache_stats)
  keys=$(json_num "$stats" keys) weight=$(json_num "$stats" weightedSize) max=$(json_num "$stats" maxSize)
  FILL_NOTE="filled in $(json_num "$json" ms) ms; the store: ${keys:-?} keys, $(mib "$((${weight:-0} / 1024))") of $(mib "$((${max:-0} / 1024))") MiB"
  [ -n "$keys" ] && [ "$keys" -gt 0 ] &&
    FILL_NOTE="$FILL_NOTE, $(((weight - K_API * CACHE_API_BYTES - K_ASSETS * CACHE_ASSET_BYTES) / keys)) B per entry beyond its body"
  FILL_PROBLEM=""
  if [ -z "$json" ]; then
    FILL_PROBLEM="fill failed: $(tail -n 1 "$out" | cut -c1-100)"
  elif [ "$(json_num "$json" ok)" != "$e" ]; then
    FILL_PROBLEM="fill: $(json_num "$json" ok) of $e answers 200 (first failure: $(sed -n 's/.*"firstFailure":"\([^"]*\)".*/\1/p' <<<"$json"))"
  elif [ "$o1" -ne "$e" ]; then
    FILL_PROBLEM="fill: the origin saw $o1 requests for $e keys"
  elif [ -z "$keys" ]; then
    FILL_PROBLEM="/cache/stats answered '$(head -c 100 <<<"$stats")'"
  elif [ "$keys" -lt "$e" ]; then
    FILL_PROBLEM="the store holds $keys of $e keys after the fill"
  fi
  [ -n "$FILL_PROBLEM" ] && return
  keyset_walk "$p" "$out.hits"
  FILL_NOTE="$FILL_NOTE; a second walk over every key (all hits) in $(json_num "$WALK_JSON" ms) ms"
  if [ "$(json_num "$WALK_JSON" ok)" != "$e" ]; then
    FILL_PROBLEM="second walk: $(json_num "$WALK_JSON" ok) of $e answers 200"
  elif [ "$WALK_ORIGIN" -ne 0 ]; then
    FILL_PROBLEM="second walk: $WALK_ORIGIN of $e stored keys reached the origin"
  fi
}

# curve_cache_size: for each point, mcp-edge restarted with a store of K_MIB MiB (cache.storage
# CACHE_STORAGE) and the JVM options it needs, filled with the point's keys, then hits at
# saturation over random keys of the whole store: CPU per hit, the GC pauses of the measured run
# (p99 in the eighth column), peak RSS against the configured size.
curve_cache_size() {
  local e out gclog yaml opts problem env url pids hwm0 l0 n rps cpu peak gcn gcp99 gcmax yn yp99 ymax
  local sockerr base_cpu="" base_e="" notes
  [ -n "$(curve_proxies cache-size mcp-edge)" ] || return
  rm -f "$TMP/cache-size.verdict"
  for e in $CACHE_ENTRIES; do
    cache_keyset "$e"
    out=$TMP/cache-size-mcp-edge-$e gclog=$TMP/cache-size-gc-$e.log
    # heap is the proxy's default storage: the key is written only for another.
    yaml="cache: {$([ "$CACHE_STORAGE" = heap ] || echo "storage: $CACHE_STORAGE, ")maxSize: ${K_MIB}Mi}"
    opts=$(cache_java_opts "$K_MIB" "$e" "$gclog")
    echo "# cache-size, $e entries: JAVA_OPTS='${JAVA_OPTS:+$JAVA_OPTS }$opts', config + '$yaml'" >>"$TMP/servers.txt"
    EDGE_CACHE_YAML=$yaml JAVA_OPTS="${JAVA_OPTS:+$JAVA_OPTS }$opts" restart_edge
    if [ "${STATE[mcp-edge]}" != up ]; then
      curve_record cache-size mcp-edge "$e" "${STATE[mcp-edge]}" NA NA NA NA \
        "$yaml; $(tail -n 20 "$TMP/mcp-edge.log" | grep -m1 '(expected' | sed "s#$TMP/##" | cut -c1-240)"
      continue
    fi
    echo "# cache-size / mcp-edge / $e entries" >>"$CMDS"
    cache_fill mcp-edge "$e" "$out.fill"
    problem=$FILL_PROBLEM
    [ -z "$problem" ] && problem=$(probe_cached mcp-edge /v1/items/0 "Bearer cs-0")
    [ -z "$problem" ] && [ "$K_ASSETS" -gt 0 ] && problem=$(probe_cached mcp-edge /static/a/0.js)
    notes="$K_API API reads of $CACHE_API_BYTES B by $CACHE_TOKENS tokens + $K_ASSETS assets of 32 KB ($(mib $(((K_API * CACHE_API_BYTES + K_ASSETS * CACHE_ASSET_BYTES) / 1024))) MiB of bodies); $yaml"
    if [ -n "$problem" ]; then
      curve_record cache-size mcp-edge "$e" "verify failed" NA NA NA NA "$problem; $notes"
      continue
    fi
    env=(env "BENCH_KEYS_API=$K_API" "BENCH_KEYS_TOKENS=$CACHE_TOKENS" "BENCH_KEYS_ASSETS=$K_ASSETS")
    url="http://127.0.0.1:${PORT[mcp-edge]}/"
    warm_up mcp-edge "$out.warmup" "${env[@]}" wrk -t 1 -c "$CONNS" -d "$(warmup_secs mcp-edge)s" --timeout 10s \
      -s "$BENCH_DIR/lua/keyset.lua" "$url"
    mapfile -t pids < <(tree_pids "${PID[mcp-edge]}")
    hwm0=$(status_kb VmHWM "${pids[@]}") # since the start: the fill and the warm-up
    l0=$(wc -l <"$gclog" 2>/dev/null || echo 0)
    measure mcp-edge "$out.out" "${env[@]}" wrk -t 1 -c "$CONNS" -d "${DURATION}s" --timeout 10s \
      -s "$BENCH_DIR/lua/keyset.lua" "$url"
    read -r gcn gcp99 gcmax < <(gc_pauses "$gclog" "$l0")
    read -r yn yp99 ymax < <(gc_pauses "$gclog" "$l0" Young)
    n=$(bench_field "$out.out" requests)
    if [ -z "$n" ]; then
      curve_record cache-size mcp-edge "$e" failed NA NA NA NA "load generator failed: $(tail -n 1 "$out.out" | cut -c1-100)"
      continue
    fi
    rps=$(awk -v n="$n" -v d="$(bench_field "$out.out" duration_us)" 'BEGIN { printf "%.0f", n / (d / 1e6) }')
    cpu=$(cpu_us_per "$M_TICKS" "$n")
    peak=$((hwm0 > M_HWM_KB ? hwm0 : M_HWM_KB))
    [ "$n" -eq 0 ] && problem="no request completed"
    [ "$(bench_field "$out.out" non2xx)" -gt 0 ] && problem="${problem:+$problem, }$(bench_field "$out.out" non2xx) non-2xx answers"
    sockerr=$(($(bench_field "$out.out" connect) + $(bench_field "$out.out" read) + $(bench_field "$out.out" write) + $(bench_field "$out.out" timeout)))
    [ "$sockerr" -gt 0 ] && problem="${problem:+$problem, }$sockerr socket errors"
    [ "$M_ORIGIN" -gt $((n / 100)) ] && problem="${problem:+$problem, }$M_ORIGIN of $n requests reached the origin (not served from cache)"
    [ -z "$base_cpu" ] && [ -z "$problem" ] && base_cpu=$cpu base_e=$e
    notes="$notes; $FILL_NOTE; GC pauses in the run: $gcn, p99 $gcp99 ms, max $gcmax ms (young: $yn, p99 $yp99 ms, max $ymax ms); peak RSS $(mib "$peak") MiB = $(awk -v r="$peak" -v m="$K_MIB" 'BEGIN { printf "%.2f", r / 1024 / m }')x the configured size (fill and warm-up $(mib "$hwm0"), run $(mib "$M_HWM_KB") MiB)"
    [ -n "$base_cpu" ] && [ "$base_e" != "$e" ] &&
      notes="$notes; CPU/hit $(awk -v a="$cpu" -v b="$base_cpu" 'BEGIN { printf "%.2f", a / b }')x the $base_e-entry store"
    curve_record cache-size mcp-edge "$e" "$(status_of "$problem")" "$rps" "$cpu" "$(mib "$peak")" "$gcp99" \
      "${problem:+$problem; }$notes; origin requests during run: $M_ORIGIN"
    [ -z "$problem" ] && [ -n "$base_cpu" ] && [ "$base_e" != "$e" ] &&
      cache_verdict "$e" "$cpu" "$base_cpu" "$base_e" "$gcp99" "$peak" >"$TMP/cache-size.verdict"
  done
  [ -s "$TMP/cache-size.verdict" ] && log "cache-size: $(cat "$TMP/cache-size.verdict")"
  restart_edge # back to the bench's own config for what runs next
}

# cache_verdict ENTRIES CPU BASE_CPU BASE_ENTRIES GC_P99 PEAK_KB: the largest point against
# issue 23's targets (CPU per hit within 1.1x of the small store, GC pause p99 under 5 ms, RSS at
# most 1.3x the configured size).
cache_verdict() {
  awk -v e="$1" -v c="$2" -v b="$3" -v be="$4" -v g="$5" -v r="$6" -v m="$K_MIB" -v s="$CACHE_STORAGE" 'BEGIN {
    cr = c / b; rr = r / 1024 / m
    ok1 = cr <= 1.1; ok2 = g < 5; ok3 = rr <= 1.3
    printf "Verdict at %d entries (maxSize %d MiB, storage %s): CPU per hit %.2fx the %d-entry store (target at most 1.1x: %s), GC pause p99 %.2f ms (target under 5 ms: %s), peak RSS %.2fx the configured size (target at most 1.3x: %s): %s.\n",
      e, m, s, cr, be, ok1 ? "met" : "missed", g, ok2 ? "met" : "missed", rr, ok3 ? "met" : "missed",
      (ok1 && ok2 && ok3) ? "all targets met" : "not all targets met" }'
}

run_curve() {
  : >>"$CURVES_TSV"
  case "$1" in
    load-level) curve_load_level ;;
    connections) curve_connections ;;
    routes) curve_routes ;;
    cache-size) curve_cache_size ;;
  esac
}

# write_curves_report: a table per curve that ran, and its chart.
write_curves_report() {
  [ -s "$CURVES_TSV" ] || return 0
  local c
  echo
  echo "## Growth curves"
  echo
  echo "CPU per request in microseconds (whole process tree, as above). Paced points: a constant-rate wrk (\`lua/paced.lua\`), the CPU sampled over the last ${DURATION} s of a run whose first ${WARMUP} s warm up and connect; their requests are the achieved rate times ${DURATION} s."
  for c in $CURVE_SCENARIOS; do
    grep -q "^$c	" "$CURVES_TSV" || continue
    echo
    echo "### $c"
    echo
    case "$c" in
      load-level) echo "Rates ${LEVEL_RATES// /, } req/s over $CONNS connections, and saturation." ;;
      connections) echo "Keep-alive clients on cache hits (\`GET /v1/tools\`): CPU at $CONN_RATE req/s spread over all of them; memory: RSS added per connection held idle after one request." ;;
      routes) echo "mcp-edge with N generated routes (exact, prefix, anchored expression in turn) ahead of the bench's own; the requests' routes come after all of them." ;;
      cache-size) echo "mcp-edge with stores of N entries (x), restarted for each with \`cache.storage: $CACHE_STORAGE\` and the maxSize in the notes, filled with every key once, then cache hits at saturation over $CONNS connections on keys drawn at random from the whole store (\`lua/keyset.lua\`). GC pauses: those the JVM logged (\`-Xlog:gc\`) during the measured run. Peak RSS: since the start (fill and warm-up included). The JVM options of each point are under Commands." ;;
    esac
    echo
    if [ "$c" = cache-size ]; then
      echo "| series | entries | status | req/s | CPU us/req | peak RSS MiB | GC pause p99 ms | notes |"
    else
      echo "| series | x | status | req/s | CPU us/req | peak RSS MiB | KiB per idle connection | notes |"
    fi
    echo "|---|---:|---|---:|---:|---:|---:|---|"
    awk -F'\t' -v c="$c" '$1 == c { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7, $8, $9 }' "$CURVES_TSV"
    if [ "$c" = cache-size ] && [ -s "$TMP/cache-size.verdict" ]; then
      echo
      cat "$TMP/cache-size.verdict"
    fi
    echo
    echo "![$c]($OUT-$c.png)"
  done
}

# write_curve_charts: one PNG per curve, a line per series (x: achieved req/s, connections,
# routes or entries, log scale; y: CPU per request; on the right axis, connections' KiB per idle
# connection and cache-size's GC pause p99).
write_curve_charts() {
  [ -s "$CURVES_TSV" ] || return 0
  local c data series xcol xlabel plot term
  term="pngcairo size 900,500 font 'sans,10'"
  gnuplot -e "set terminal pngcairo" </dev/null >/dev/null 2>&1 || term="png size 900,500"
  for c in $CURVE_SCENARIOS; do
    data=$TMP/curve-$c.dat
    # Blocks of "x cpu kib" per series, sorted by x, separated by two blank lines (gnuplot's index).
    awk -F'\t' -v c="$c" '$1 == c && $6 != "NA" && $5 != "NA" { print $2 }' "$CURVES_TSV" | awk '!seen[$0]++' >"$data.series"
    [ -s "$data.series" ] || continue
    : >"$data"
    while read -r series; do
      awk -F'\t' -v c="$c" -v s="$series" '$1 == c && $2 == s && $6 != "NA" {
          x = (c == "load-level" && $3 == "saturation") ? $5 : $3
          printf "%s %s %s\n", x, $6, ($8 == "NA" ? "NaN" : $8) }' "$CURVES_TSV" | sort -n >>"$data"
      printf '\n\n' >>"$data"
    done <"$data.series"
    case "$c" in
      load-level) xlabel="requests per second (the asked rate; saturation at the rate it reached)" ;;
      connections) xlabel="keep-alive connections" ;;
      routes) xlabel="routes in the table" ;;
      cache-size) xlabel="entries in the store (filled; maxSize scaled with them)" ;;
    esac
    plot="plot for [i=0:$(($(wc -l <"$data.series") - 1))] '$data' index i using 1:2 with linespoints lw 2 title word('$(tr '\n' ' ' <"$data.series")', i+1)"
    local y2="" y2title=""
    case "$c" in
      connections) y2="KiB of RSS per idle connection" y2title=" KiB/idle conn" ;;
      cache-size) y2="GC pause p99, ms" y2title=" GC p99 ms" ;;
    esac
    if [ -n "$y2" ]; then
      plot="$plot, for [i=0:$(($(wc -l <"$data.series") - 1))] '$data' index i using 1:3 axes x1y2 with linespoints dt 2 title word('$(tr '\n' ' ' <"$data.series")', i+1).'$y2title'"
    fi
    gnuplot >>"$TMP/gnuplot.log" 2>&1 <<EOF
set terminal $term
set output '$RESULTS/$OUT-$c.png'
set title '$c: CPU time per request (lower is better), proxy pinned to one CPU'
set xlabel '$xlabel'
set ylabel 'CPU microseconds per request'
$([ -n "$y2" ] && echo "set y2label '$y2'; set y2tics; set y2range [0:*]")
set logscale x
set yrange [0:*]
set grid
set key outside right
set datafile missing 'NaN'
$plot
EOF
    [ -s "$RESULTS/$OUT-$c.png" ] || log "gnuplot wrote no $c chart (see $TMP/gnuplot.log)"
  done
}

# check_curve_rows (--strict): every curve point must be ok.
check_curve_rows() {
  [ -s "$CURVES_TSV" ] || return 0
  local bad
  bad=$(awk -F'\t' '$4 != "ok"' "$CURVES_TSV")
  [ -z "$bad" ] && return 0
  {
    echo "[bench] strict: $(wc -l <<<"$bad") curve point(s) not ok:"
    awk -F'\t' '{ printf "  %s / %s @ %s: %s (%s)\n", $1, $2, $3, $4, $9 }' <<<"$bad"
  } >&2
  return 1
}
