{{/*
Common helpers. Most take a dict: (dict "root" $ "name" "<component>" ...).
*/}}

{{- define "wallaroo.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "wallaroo.labels" -}}
{{ include "wallaroo.selectorLabels" . }}
app.kubernetes.io/component: {{ .name }}
app.kubernetes.io/part-of: wallaroo
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end }}

{{/* Image of one of Wallaroo's own components: (dict "root" $ "name" "envoy"). */}}
{{- define "wallaroo.image" -}}
{{- $v := .root.Values -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $v.imageRegistry) .name ($v.tag | default .root.Chart.AppVersion) -}}
{{- end }}

{{/* Fields every pod spec shares: imagePullSecrets, plus nodeSelector/tolerations when the
component has placement values (.placement), plus an optional .affinity. */}}
{{- define "wallaroo.podSpecCommon" -}}
{{- with .root.Values.imagePullSecret }}
imagePullSecrets:
  - name: {{ . }}
{{- end }}
{{- with .placement }}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
One small Deployment with one container. Keys of the dict:
  root, name (required); image (default: name); placement (map with nodeSelector/tolerations);
  affinity; args (list); env (list); ports (list of {name, containerPort});
  volumes, volumeMounts (lists).
*/}}
{{- define "wallaroo.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "wallaroo.labels" . | nindent 4 }}
spec:
  replicas: 1
  selector:
    matchLabels:
      {{- include "wallaroo.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "wallaroo.labels" . | nindent 8 }}
    spec:
      {{- with include "wallaroo.podSpecCommon" . | trim }}
      {{- . | nindent 6 }}
      {{- end }}
      containers:
        - name: {{ .name }}
          image: {{ include "wallaroo.image" (dict "root" .root "name" (.image | default .name)) }}
          imagePullPolicy: IfNotPresent
          {{- with .args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .env }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .ports }}
          ports:
            {{- range . }}
            - name: {{ .name }}
              containerPort: {{ .containerPort }}
              protocol: TCP
            {{- end }}
          {{- end }}
          {{- with .volumeMounts }}
          volumeMounts:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          resources:
            requests:
              cpu: 10m
              memory: 16Mi
      {{- with .volumes }}
      volumes:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/*
Domain model, by chart (app) version as in the contract: Wallaroo >= 2024.2 serves every
service on one domain, [prefix.]suffix, with path routing (/v1/api, /auth, /hub); older
versions use one name per service, [prefix.]<service>.suffix.
*/}}
{{- define "wallaroo.domainRouting" -}}
{{- ternary "paths" "subdomains" (semverCompare ">=2024.2.0-0" .Chart.AppVersion) -}}
{{- end }}

{{/* FQDN of a service: (dict "root" $ "service" "api"); no service = the dashboard. */}}
{{- define "wallaroo.fqdn" -}}
{{- $v := .root.Values -}}
{{- $parts := list -}}
{{- with $v.domainPrefix }}{{ $parts = append $parts (trimAll "." .) }}{{ end -}}
{{- if and .service (eq (include "wallaroo.domainRouting" .root) "subdomains") }}{{ $parts = append $parts .service }}{{ end -}}
{{- with $v.domainSuffix }}{{ $parts = append $parts (trimAll "." .) }}{{ end -}}
{{- join "." $parts -}}
{{- end }}

{{/* URL of a service: (dict "root" $ "service" "api"). */}}
{{- define "wallaroo.url" -}}
{{- $paths := dict "api" "/v1/api" "keycloak" "/auth" "jupyter" "/hub" -}}
{{- $path := "" -}}
{{- if and .service (eq (include "wallaroo.domainRouting" .root) "paths") }}{{ $path = get $paths .service }}{{ end -}}
{{- printf "https://%s%s" (include "wallaroo.fqdn" .) $path -}}
{{- end }}

{{/* kubernetes.io/dockerconfigjson payload: (dict "registry" .. "username" .. "password" .. "email" ..) */}}
{{- define "wallaroo.dockerconfigjson" -}}
{{- $auth := dict "username" .username "password" .password "auth" (printf "%s:%s" .username .password | b64enc) -}}
{{- with .email }}{{ $_ := set $auth "email" . }}{{ end -}}
{{- dict "auths" (dict .registry $auth) | toJson | b64enc -}}
{{- end }}

{{/* Name of the Secret holding a registry's credentials: its secretName, else the chart's own. */}}
{{- define "wallaroo.registrySecretName" -}}
{{- .values.secretName | default .values.existingSecret | default .own -}}
{{- end }}

{{/* The TLS Secret the front door mounts when deploymentStage is "cust". */}}
{{- define "wallaroo.tlsSecretName" -}}
{{- .Values.custTlsSecret | default "wallaroo-cust-tls" -}}
{{- end }}
