{{/*
Names and labels. The names do not use .Chart.Name, so that the sidecar templates, which run in
the parent chart's context, name this chart's objects (the ConfigMap) exactly as this chart does.
*/}}
{{- define "mcp-edge.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains "mcp-edge" .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-mcp-edge" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "mcp-edge.selectorLabels" -}}
app.kubernetes.io/name: mcp-edge
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "mcp-edge.labels" -}}
{{ include "mcp-edge.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{- define "mcp-edge.image" -}}
{{- $img := .Values.edge.image -}}
{{- printf "%s:%s" $img.repository (default .Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/* Where the config, the TLS Secret and the scratch space are mounted in the container. */}}
{{- define "mcp-edge.configDir" -}}/etc/mcp-edge{{- end -}}
{{- define "mcp-edge.tlsDir" -}}/etc/mcp-edge/tls{{- end -}}

{{/* True (non-empty) when the proxy itself terminates TLS: edge and sidecar modes. */}}
{{- define "mcp-edge.proxyTls" -}}
{{- if and .Values.edge.tls.enabled (ne .Values.edge.mode "gateway") -}}true{{- end -}}
{{- end -}}

{{/* A listener address: host:port, an IPv6 host in brackets. */}}
{{- define "mcp-edge.address" -}}
{{- $host := index . 0 -}}
{{- if contains ":" $host -}}
{{- printf "[%s]:%v" $host (index . 1) -}}
{{- else -}}
{{- printf "%s:%v" $host (index . 1) -}}
{{- end -}}
{{- end -}}

{{/*
A size or a Kubernetes memory quantity in bytes ("1Gi", "1500M", "512Mi", "1073741824"); empty
when it has another form (m, E, exponents), and the heap check below is then left to the proxy.
*/}}
{{- define "mcp-edge.bytes" -}}
{{- $s := toString . -}}
{{- $units := dict "" 1 "Ki" 1024 "Mi" 1048576 "Gi" 1073741824 "Ti" 1099511627776 "k" 1000 "M" 1000000 "G" 1000000000 "T" 1000000000000 -}}
{{- $n := regexFind "^[0-9]+" $s -}}
{{- $u := trimPrefix $n $s -}}
{{- if and $n (hasKey $units $u) -}}
{{- mul (int64 $n) (get $units $u) -}}
{{- end -}}
{{- end -}}

{{/*
Refuses a cache the heap cannot hold, as the proxy's --check would once the pod starts: the heap
is jvm.maxRAMPercentage of limits.memory, and the proxy keeps 24 MiB, twice maxObjectSize (at
least 8 MiB) and a tenth of the heap beside the store; 4 % more covers the survivor space the JVM
leaves out of its limit.
*/}}
{{- define "mcp-edge.heapCheck" -}}
{{- $e := .Values.edge -}}
{{- if $e.cache.enabled -}}
{{- $limit := include "mcp-edge.bytes" (dig "limits" "memory" "" $e.resources) -}}
{{- $size := include "mcp-edge.bytes" $e.cache.memorySize -}}
{{- $object := include "mcp-edge.bytes" $e.cache.maxObjectSize -}}
{{- if and $limit $size $object -}}
{{- $inFlight := max (mul 2 (int64 $object)) 8388608 -}}
{{- $needed := div (mul (div (mul (add (int64 $size) 25165824 $inFlight) 100) 90) 104) 100 -}}
{{- $heap := div (mul (int64 $limit) (int64 $e.jvm.maxRAMPercentage)) 100 -}}
{{- if gt $needed $heap -}}
{{- fail (printf "edge.cache.memorySize: %s does not fit the heap (expected: a heap of %dMi or more; the heap is edge.jvm.maxRAMPercentage %v%% of edge.resources.limits.memory %s = %dMi, so raise limits.memory to at least %dMi or lower memorySize)" (toString $e.cache.memorySize) (add (div $needed 1048576) 1) $e.jvm.maxRAMPercentage (toString $e.resources.limits.memory) (div $heap 1048576) (add (div (mul $needed 100) (mul (int64 $e.jvm.maxRAMPercentage) 1048576)) 1)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The pods that run the proxy: this chart's, or the gateway's when the proxy is a sidecar. */}}
{{- define "mcp-edge.podSelector" -}}
{{- if eq .Values.edge.mode "sidecar" -}}
{{- toYaml .Values.edge.sidecar.selector -}}
{{- else -}}
{{- include "mcp-edge.selectorLabels" . -}}
{{- end -}}
{{- end -}}

{{/* The admin listener's port (/health, /ready, /stats/prometheus), named as the ServiceMonitor expects. */}}
{{- define "mcp-edge.metricsPort" -}}
- name: metrics
  port: {{ int .Values.edge.service.metricsPort }}
  targetPort: metrics
  protocol: TCP
{{- end -}}

{{/* The checksum of edge.yaml as the pod reads it (the ConfigMap's block ends with a newline). */}}
{{- define "mcp-edge.configChecksum" -}}
{{- printf "%s\n" (include "mcp-edge.edgeYaml" .) | sha256sum -}}
{{- end -}}
