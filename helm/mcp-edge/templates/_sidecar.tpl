{{/*
The sidecar mode, for a parent chart (mcp-stack) that lists this chart as a dependency and puts
the proxy in its gateway's pod, where it forwards to 127.0.0.1:<edge.upstream.port>:

  containers:
    - name: gateway
      ...
    - {{- include "mcp-edge.sidecar.container" . | nindent 6 }}
  volumes:
    {{- include "mcp-edge.sidecar.volumes" . | nindent 4 }}

and, so that a changed config rolls the pods, on the pod template:

  annotations:
    checksum/edge-config: {{ include "mcp-edge.sidecar.configChecksum" . }}

Each takes the parent's context (`.`): the values are read from the parent's `mcp-edge:` section
(this chart's defaults merged in), or from this chart's own when it renders itself.
*/}}
{{- define "mcp-edge.sidecar.container" -}}
{{- include "mcp-edge.container" (include "mcp-edge.sidecar.scopeName" . | eq "subchart" | ternary (index (default dict .Subcharts) "mcp-edge") .) -}}
{{- end -}}

{{- define "mcp-edge.sidecar.volumes" -}}
{{- include "mcp-edge.volumes" (include "mcp-edge.sidecar.scopeName" . | eq "subchart" | ternary (index (default dict .Subcharts) "mcp-edge") .) -}}
{{- end -}}

{{- define "mcp-edge.sidecar.configChecksum" -}}
{{- include "mcp-edge.configChecksum" (include "mcp-edge.sidecar.scopeName" . | eq "subchart" | ternary (index (default dict .Subcharts) "mcp-edge") .) -}}
{{- end -}}

{{/* "subchart" when a parent chart includes these templates, else "self". */}}
{{- define "mcp-edge.sidecar.scopeName" -}}
{{- if hasKey (default dict .Subcharts) "mcp-edge" -}}subchart{{- else -}}self{{- end -}}
{{- end -}}
