{{/* Env of components that install Python packages (orchestration, JupyterHub). */}}
{{- define "wallaroo.pypiEnv" -}}
{{- $env := list -}}
{{- with .Values.private_pypi }}
{{- if .enabled }}
{{- $env = append $env (dict "name" "WALLAROO_PYPI_URL" "value" .url) -}}
{{- $env = append $env (dict "name" "WALLAROO_PYPI_ONLY_PRIVATE" "value" (toString .only_private)) -}}
{{- if or .password .existingSecret }}
{{- $env = append $env (dict "name" "WALLAROO_PYPI_USERNAME" "valueFrom" (dict "secretKeyRef" (dict "name" (.existingSecret | default "private-pypi") "key" "username"))) -}}
{{- $env = append $env (dict "name" "WALLAROO_PYPI_PASSWORD" "valueFrom" (dict "secretKeyRef" (dict "name" (.existingSecret | default "private-pypi") "key" "password"))) -}}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $env -}}
{{- end }}
