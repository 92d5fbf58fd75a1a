{{/*
The proxy's container, shared by the Deployment (edge and gateway modes) and the sidecar that the
parent chart puts in the gateway's pod. The image starts `java <launcher options> -jar
proxy.jar`; the heap comes from JDK_JAVA_OPTIONS as a share of the memory limit, never a fixed
-Xmx, so a new limit resizes the heap and the cache it holds.
*/}}
{{- define "mcp-edge.container" -}}
{{- $e := .Values.edge -}}
name: mcp-edge
image: {{ include "mcp-edge.image" . | quote }}
imagePullPolicy: {{ $e.image.pullPolicy }}
args: ["--config", "{{ include "mcp-edge.configDir" . }}/edge.yaml"]
env:
  - name: JDK_JAVA_OPTIONS
    value: {{ trim (printf "-XX:MaxRAMPercentage=%v %s" $e.jvm.maxRAMPercentage $e.jvm.extraOptions) | quote }}
{{- if $e.admin.tokenSecret.name }}
  - name: EDGE_ADMIN_TOKEN
    valueFrom:
      secretKeyRef:
        name: {{ $e.admin.tokenSecret.name }}
        key: {{ $e.admin.tokenSecret.key }}
{{- end }}
{{- if and $e.redis.enabled $e.redis.passwordSecret.name }}
  - name: REDIS_PASSWORD
    valueFrom:
      secretKeyRef:
        name: {{ $e.redis.passwordSecret.name }}
        key: {{ $e.redis.passwordSecret.key }}
{{- end }}
ports:
  - name: http
    containerPort: {{ int $e.ports.http }}
    protocol: TCP
{{- if include "mcp-edge.proxyTls" . }}
  - name: https
    containerPort: {{ int $e.ports.https }}
    protocol: TCP
{{- end }}
  - name: metrics
    containerPort: {{ int $e.ports.admin }}
    protocol: TCP
livenessProbe:
  httpGet: { path: /health, port: metrics }
  periodSeconds: 10
  timeoutSeconds: 2
  failureThreshold: 3
readinessProbe:
  httpGet: { path: /ready, port: metrics }
  periodSeconds: 5
  timeoutSeconds: 2
  failureThreshold: 2
startupProbe:
  httpGet: { path: /health, port: metrics }
  periodSeconds: 1
  failureThreshold: 60
lifecycle:
  # Endpoints are removed from Services while the pod terminates, not at once: keep serving new
  # connections for a moment, then the kubelet's SIGTERM starts the drain. The sleep action
  # needs no shell in the image.
  preStop:
    sleep:
      seconds: {{ int $e.server.preStopSeconds }}
{{- with $e.resources }}
resources:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: [ALL]
  seccompProfile:
    type: RuntimeDefault
volumeMounts:
  - name: mcp-edge-config
    mountPath: {{ include "mcp-edge.configDir" . }}
    readOnly: true
  - name: mcp-edge-tmp
    mountPath: /tmp
{{- if include "mcp-edge.proxyTls" . }}
  - name: mcp-edge-tls
    mountPath: {{ include "mcp-edge.tlsDir" . }}
    readOnly: true
{{- end }}
{{- end -}}

{{/* The volumes the container mounts. */}}
{{- define "mcp-edge.volumes" -}}
- name: mcp-edge-config
  configMap:
    name: {{ include "mcp-edge.fullname" . }}
- name: mcp-edge-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- if include "mcp-edge.proxyTls" . }}
- name: mcp-edge-tls
  secret:
    secretName: {{ .Values.edge.tls.secretName }}
{{- end }}
{{- end -}}

{{/* The pod's grace period: preStop, then the proxy's drain, then 5 s to exit. */}}
{{- define "mcp-edge.terminationGracePeriodSeconds" -}}
{{- $drain := .Values.edge.server.drainTimeout | toString -}}
{{- $seconds := 0 -}}
{{- if regexMatch "^[0-9]+s$" $drain -}}{{- $seconds = trimSuffix "s" $drain | int -}}
{{- else if regexMatch "^[0-9]+m$" $drain -}}{{- $seconds = mul (trimSuffix "m" $drain | int) 60 -}}
{{- else if regexMatch "^[0-9]+ms$" $drain -}}{{- $seconds = add (div (trimSuffix "ms" $drain | int) 1000) 1 -}}
{{- else if regexMatch "^[0-9]+h$" $drain -}}{{- $seconds = mul (trimSuffix "h" $drain | int) 3600 -}}
{{- else -}}{{- fail (printf "edge.server.drainTimeout: %q (expected: a whole number of ms, s, m or h, such as 30s)" $drain) -}}
{{- end -}}
{{- add $seconds .Values.edge.server.preStopSeconds 5 -}}
{{- end -}}
