#!/usr/bin/env bash
# Installs what the test suite needs beyond Maven's own downloads, where it is missing: Debian
# packages (curl, Uvicorn and Starlette, Prometheus, Redis) and the npm modules of the real MCP
# servers and clients (pinned by testing/mcp/package-lock.json). Idempotent: on a machine that has everything it
# changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# A real Uvicorn + Starlette origin, which decodes paths as the gateway's server does.
/usr/bin/python3 -c 'import uvicorn, starlette' >/dev/null 2>&1 ||
  need_apt+=(python3-uvicorn python3-starlette)
# promtool checks the admin listener's Prometheus exposition (MetricsIT; required when CI=true).
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
# A real Redis for the limits and invalidations shared by several replicas (started per test).
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

lock=testing/mcp/package-lock.json
stamp=testing/mcp/node_modules/.installed-lock
if ! cmp -s "$lock" "$stamp" 2>/dev/null; then
  (cd testing/mcp && npm ci --no-audit --no-fund --loglevel=error)
  cp "$lock" "$stamp"
fi
