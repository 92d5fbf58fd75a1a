{{/*
edge.yaml, rendered from values (docs/configuration.md describes every key). When edge.config
is set, it is merged over the parsed text and the result written out again (keys sorted), so
that the escape hatch reaches any key. The parts whose keys belong to newer proxy features (TLS
listeners, tracing) are each one template below, so that their names change in one place.
*/}}
{{- define "mcp-edge.edgeYaml" -}}
{{- $text := include "mcp-edge.edgeConfig.base" . -}}
{{- if empty .Values.edge.config -}}
{{- $text -}}
{{- else -}}
{{- $base := $text | fromYaml -}}
{{- if hasKey $base "Error" -}}
{{- fail (printf "mcp-edge: the rendered edge.yaml is not valid YAML: %s" $base.Error) -}}
{{- end -}}
{{- $merged := mergeOverwrite $base (deepCopy (default dict .Values.edge.config)) -}}
{{- toYaml $merged -}}
{{- end -}}
{{- end -}}

{{/* The endpoint the proxy forwards to: loopback in the gateway's pod, else the gateway's Service. */}}
{{- define "mcp-edge.upstreamEndpoint" -}}
{{- $u := .Values.edge.upstream -}}
{{- if eq .Values.edge.mode "sidecar" -}}
{{- printf "http://127.0.0.1:%v" $u.port -}}
{{- else -}}
{{- $service := ternary (printf "%s-gateway-headless" (include "mcp-edge.fullname" .)) $u.service $u.headless.enabled -}}
{{- printf "http://%s.%s.svc.%s:%v" $service (default .Release.Namespace $u.namespace) $u.clusterDomain $u.port -}}
{{- end -}}
{{- end -}}

{{/* The TLS listener (listeners[]): the Secret's files as the proxy reads them. */}}
{{- define "mcp-edge.edgeConfig.tlsListener" -}}
- name: https
  address: {{ include "mcp-edge.address" (list .Values.edge.bindAddress .Values.edge.ports.https) | quote }}
  tls:
    certFile: {{ include "mcp-edge.tlsDir" . }}/tls.crt
    keyFile: {{ include "mcp-edge.tlsDir" . }}/tls.key
{{- end -}}

{{/* OpenTelemetry traces (observability.tracing) to the seed's otel.host and otel.port. */}}
{{- define "mcp-edge.edgeConfig.tracing" -}}
tracing:
  enabled: true
  endpoint: {{ printf "http://%s:%v" .Values.edge.otel.host .Values.edge.otel.port | quote }}
  protocol: grpc
  serviceName: mcp-edge
{{- end -}}

{{/* A route's rate limit, when the traffic policy is on. */}}
{{- define "mcp-edge.edgeConfig.rateLimit" -}}
{{- if .Values.edge.trafficPolicy.enabled }}
{{- $rl := .Values.edge.rateLimit }}
{{- $scope := "" }}
{{- if .Values.edge.redis.enabled }}
{{- $scope = printf ", scope: global, fallback: %s" .Values.edge.redis.fallback }}
{{- end }}
{{- if gt (int $rl.perCredentialRequestsPerSecond) 0 }}
    rateLimit:
      - { requestsPerSecond: {{ int $rl.requestsPerSecond }}{{ $scope }} }
      - { requestsPerSecond: {{ int $rl.perCredentialRequestsPerSecond }}, key: credential{{ $scope }} }
{{- else }}
    rateLimit: { requestsPerSecond: {{ int $rl.requestsPerSecond }}{{ $scope }} }
{{- end }}
{{- end -}}
{{- end -}}

{{- define "mcp-edge.edgeConfig.base" -}}
{{- $e := .Values.edge -}}
{{- $t := $e.routes.timeouts -}}
{{- $rl := include "mcp-edge.edgeConfig.rateLimit" . -}}
listeners:
  - name: http
    address: {{ include "mcp-edge.address" (list $e.bindAddress $e.ports.http) | quote }}
{{- if include "mcp-edge.proxyTls" . }}
{{ include "mcp-edge.edgeConfig.tlsListener" . | indent 2 }}
{{- end }}
admin:
  address: {{ include "mcp-edge.address" (list $e.bindAddress $e.ports.admin) | quote }}
{{- if $e.admin.tokenSecret.name }}
  token: "${EDGE_ADMIN_TOKEN}"
{{- end }}
server:
  drainTimeout: {{ $e.server.drainTimeout | quote }}
  escapedSlashes: {{ $e.server.escapedSlashes | quote }}
{{- if $e.cache.enabled }}
cache:
  maxSize: {{ $e.cache.memorySize | quote }}
  maxObjectSize: {{ $e.cache.maxObjectSize | quote }}
{{- end }}
upstreams:
  - name: gateway
    endpoints: [{{ include "mcp-edge.upstreamEndpoint" . | quote }}]
    protocol: {{ $e.upstream.protocol | quote }}
    connectTimeout: {{ $e.upstream.connectTimeout | quote }}
    pool: { idleTimeout: {{ $e.upstream.idleTimeout | quote }} }
{{- if and $e.upstream.headless.enabled (ne $e.mode "sidecar") }}
    loadBalancer: { policy: consistentHash, hashOn: Authorization }
{{- end }}
{{- if $e.trafficPolicy.enabled }}
    circuitBreaker:
      maxConnections: {{ int $e.circuitBreaker.maxConnections }}
      maxPendingRequests: {{ int $e.circuitBreaker.maxPendingRequests }}
      maxRequests: {{ int $e.circuitBreaker.maxRequests }}
      failure: { failureRatePercent: 50, slidingWindow: 100, minimumCalls: 20, openFor: 10s }
    outlierDetection: { consecutive5xx: 5, baseEjectionTime: 30s, maxEjectionPercent: 50 }
    retry:
      numRetries: 2
      retryOn: ["5xx", reset, connect-failure]
      budgetPercent: 20
{{- end }}
routes:
{{- with $e.routes.extra }}
{{ toYaml . | indent 2 }}
{{- end }}
  - name: health
    match: { path: { type: Exact, value: /health } }
    upstream: gateway
    timeouts: { request: {{ $t.health | quote }} }
  - name: ready
    match: { path: { type: Exact, value: /ready } }
    upstream: gateway
    timeouts: { request: {{ $t.health | quote }} }
  - name: internal-denied
    match: { path: { type: PathPrefix, value: /_internal } }
    directResponse: { status: 403, body: "forbidden\n" }
  - name: sse
    match: { path: { type: RegularExpression, value: "^/(servers/[^/]+/)?sse$" } }
    upstream: gateway
    timeouts: { request: {{ $t.streams | quote }} }
{{- $rl }}
  - name: mcp
    match: { path: { type: RegularExpression, value: "^/(servers/[^/]+/)?mcp/?$" } }
    upstream: gateway
    timeouts: { request: {{ $t.streams | quote }} }
{{- $rl }}
  - name: websocket
    match: { path: { type: RegularExpression, value: "^/(servers/[^/]+/)?ws$" } }
    upstream: gateway
    timeouts: { request: {{ $t.streams | quote }} }
{{- $rl }}
  - name: admin-events
    match: { path: { type: Exact, value: /admin/events } }
    upstream: gateway
    timeouts: { request: {{ $t.streams | quote }} }
{{- $rl }}
  - name: message
    match: { path: { type: RegularExpression, value: "^/(servers/[^/]+/)?message$" } }
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
{{- $rl }}
{{- if $e.cache.enabled }}
  - name: entity-writes
    match:
      path: { type: RegularExpression, value: "^/(v1/|admin/)?(servers|tools|gateways|resources|prompts)(/.*)?$" }
      methods: [POST, PUT, PATCH, DELETE]
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
    cache:
      invalidates:
        - { type: RegularExpression, value: "^/(v1/)?(tools|servers|gateways|resources|prompts)$" }
{{- $rl }}
{{- end }}
  - name: admin
    match: { path: { type: PathPrefix, value: /admin } }
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
{{- $rl }}
{{- if $e.cache.enabled }}
  - name: static-assets
    match:
      path: { type: RegularExpression, value: "^/(static/.+|favicon)\\.(css|js|png|jpg|jpeg|gif|ico|svg|woff|woff2)$" }
      methods: [GET, HEAD]
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
    cache: { mode: override, ttl: {{ $e.cache.staticAssetsTtl | quote }}, scope: public }
{{- $rl }}
  - name: well-known
    match: { path: { type: PathPrefix, value: /.well-known } }
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
    cache: { mode: rfc9111 }
{{- $rl }}
  - name: api-reads
    match:
      path: { type: RegularExpression, value: "^/(v1/)?(tools|servers|gateways|resources|prompts|version)$" }
      methods: [GET, HEAD]
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
    cache: { mode: override, ttl: {{ $e.cache.apiReadsTtl | quote }}, scope: per-credential }
{{- $rl }}
{{- end }}
  - name: default
    match: { path: { type: PathPrefix, value: / } }
    upstream: gateway
    timeouts: { request: {{ $t.default | quote }} }
{{- $rl }}
{{- if $e.otel.enabled }}
observability:
{{ include "mcp-edge.edgeConfig.tracing" . | indent 2 }}
{{- end }}
{{- if $e.redis.enabled }}
redis:
  address: {{ $e.redis.address | quote }}
  database: {{ int $e.redis.database }}
  keyPrefix: {{ $e.redis.keyPrefix | quote }}
  commandTimeout: {{ $e.redis.commandTimeout | quote }}
{{- if $e.redis.passwordSecret.name }}
  password: { env: REDIS_PASSWORD }
{{- end }}
{{- end }}
{{- end -}}
