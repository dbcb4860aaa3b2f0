export const USAGE = `wallaroo-install: install, upgrade and inspect the Wallaroo ML platform on Kubernetes with Helm

Usage:
  wallaroo-install --preset FILE            install, or upgrade if the release exists (same as install)
  wallaroo-install install --preset FILE    preflight, secrets, chart check, helm upgrade --install, then
                                            credentials, load-balancer address and DNS records
  wallaroo-install preflight --preset FILE  only the cluster checks
  wallaroo-install render --preset FILE [--output DIR] [--chart PATH|oci://REF]
                                            write the values file and print the helm commands; no cluster
  wallaroo-install status [--preset FILE | --release R --namespace NS]
  wallaroo-install credentials [--preset FILE | --release R --namespace NS] [--show-secrets]

Options:
  -p, --preset FILE          preset file (YAML, apiVersion: wallaroo-install/v1; see presets/)
  -o, --output DIR           render: where to write <release>-values.yaml (default: current folder)
      --inline-secrets       render: put TLS key and registry passwords in the values file (0600)
                             instead of Kubernetes Secrets
      --json                 one JSON event per line on stdout, nothing else
      --show-secrets         show the admin password instead of masking it
      --kubeconfig FILE      kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)
      --context NAME         kubeconfig context (default: the current context)
      --helm PATH            helm binary (default: $WALLAROO_INSTALL_HELM, then helm on PATH)
      --release NAME         release name when no preset is given (default: wallaroo)
  -n, --namespace NAME       namespace when no preset is given (default: wallaroo)
      --ignore-preflight CODES
                             go on despite these failed preflight checks (comma-separated codes,
                             or "all"); failures are still reported
      --chart PATH|oci://REF render: resolve the values against this chart (.tgz, folder, or
                             oci://REF[:VERSION]); without it (and without chart.archive) the
                             values are unresolved: first-guess keys
      --drop-unsupported     go on without the settings the chart has no key for, even those
                             the preset sets (default: stop, exit 2)
      --lb-timeout DURATION  how long to wait for the load-balancer address, counted from helm's
                             start (default: the install's helm timeout)
      --verbose              also print helm's own output and passing checks
  -h, --help                 this help
  -V, --version              the version

Exit codes: 0 ok, 1 failed, 2 bad input or usage, 130 cancelled.
Secret fields in presets take env:NAME or file:PATH. Docs: README.md in the package.`;
