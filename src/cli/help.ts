export const USAGE = `wallaroo-install: install, upgrade and inspect the Wallaroo ML platform on Kubernetes with Helm

Usage:
  wallaroo-install --preset FILE            install, or upgrade if the release exists (same as install)
  wallaroo-install install --preset FILE    preflight, secrets, chart check, helm upgrade --install, then
                                            credentials, load-balancer address and DNS records
  wallaroo-install preflight --preset FILE  only the cluster checks
  wallaroo-install render --preset FILE [--output DIR]
                                            write the values file and print the helm commands; no cluster
  wallaroo-install status [--preset FILE | --release R --namespace NS]
  wallaroo-install credentials [--preset FILE | --release R --namespace NS] [--show-secrets]
  wallaroo-install uninstall [--release R] [-n NS] [--plan | --yes [--purge]] [--no-hooks] [--timeout 5m]
                                            show what is left in the cluster, then remove it (keeps data
                                            unless --purge); in a terminal it asks, in scripts it needs --yes

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
      --lb-timeout DURATION  how long to wait for the load-balancer address after helm (default 10m)
      --verbose              also print helm's own output and passing checks
      --plan                 uninstall: print the plan and change nothing
      --yes                  uninstall: go ahead without asking (needed without a terminal)
      --purge                uninstall: also delete the data (PVCs), Wallaroo's dynamic namespaces
                             and cluster-wide leftovers (ClusterRoles, StorageClass, CRDs)
      --no-hooks             uninstall: do not run the chart's uninstall hook
      --timeout DURATION     uninstall: how long the hook and the final check may take (default 5m)
  -h, --help                 this help
  -V, --version              the version

Exit codes: 0 ok, 1 failed, 2 bad input or usage, 130 cancelled.
Secret fields in presets take env:NAME or file:PATH. Docs: README.md in the package.`;
