// The command line as data: every command, what it is for, and which options it takes. The
// parser (args.ts), the per-command help and the top-level help are all made from this table,
// so an option exists in exactly one place and "does not apply to this command" can name the
// commands it does apply to.

export type OptionId =
  | 'preset' | 'output' | 'inlineSecrets' | 'chart' | 'force' | 'dropUnsupported' | 'json' | 'verbose'
  | 'showSecrets' | 'kubeconfig' | 'context' | 'helm' | 'release' | 'namespace' | 'ignorePreflight'
  | 'lbTimeout' | 'plain' | 'yes' | 'purge' | 'plan' | 'noHooks' | 'timeout' | 'write';

export interface OptionSpec {
  flags: string;
  description: string;
  /** How a value is checked: a duration (30s, 10m), a list of preflight codes, or any text. */
  value?: 'text' | 'duration' | 'codes';
}

export const OPTIONS: Record<OptionId, OptionSpec> = {
  preset: { flags: '-p, --preset <FILE>', description: 'preset file (YAML, apiVersion: wallaroo-install/v1); `wallaroo-install presets` lists ready ones', value: 'text' },
  output: { flags: '-o, --output <DIR>', description: 'where to write <release>-values.yaml (default: the current folder)', value: 'text' },
  inlineSecrets: { flags: '--inline-secrets', description: 'put the TLS key and registry passwords in the values file (0600) instead of Kubernetes Secrets' },
  chart: { flags: '--chart <PATH|oci://REF>', description: 'resolve the values against this chart (default: chart.archive of the preset)', value: 'text' },
  force: { flags: '--force', description: 'overwrite an existing file that wallaroo-install did not write' },
  dropUnsupported: { flags: '--drop-unsupported', description: 'go on without settings you asked for that this chart version has no key for' },
  json: { flags: '--json', description: 'one JSON event per line on stdout, nothing else' },
  verbose: { flags: '--verbose', description: "also print helm's own output, line by line" },
  showSecrets: { flags: '--show-secrets', description: 'show the admin password instead of masking it' },
  kubeconfig: { flags: '--kubeconfig <FILE>', description: 'kubeconfig to use (default: $KUBECONFIG, then ~/.kube/config)', value: 'text' },
  context: { flags: '--context <NAME>', description: 'kubeconfig context (default: the current context)', value: 'text' },
  helm: { flags: '--helm <PATH>', description: 'helm binary (default: $WALLAROO_INSTALL_HELM, then helm on PATH)', value: 'text' },
  release: { flags: '--release <NAME>', description: 'release name (default: the preset\'s, else wallaroo)', value: 'text' },
  namespace: { flags: '-n, --namespace <NAME>', description: 'namespace (default: the preset\'s, else wallaroo)', value: 'text' },
  ignorePreflight: { flags: '--ignore-preflight <CODES>', description: 'go on despite these failed preflight checks (comma-separated codes such as PF_CORES, or "all"); they are still reported', value: 'codes' },
  lbTimeout: { flags: '--lb-timeout <DURATION>', description: 'how long to wait for the load-balancer address after helm (default: the install\'s helm timeout)', value: 'duration' },
  plain: { flags: '--plain', description: 'ask the questions as numbered line prompts (also when TERM=dumb): for dumb terminals and screen readers' },
  yes: { flags: '-y, --yes', description: 'do it without asking (for scripts; no TTY needed)' },
  purge: { flags: '--purge', description: 'also delete the data (PVCs), Wallaroo\'s dynamic namespaces and its cluster-wide objects' },
  plan: { flags: '--plan', description: 'print what would be removed and kept, change nothing' },
  noHooks: { flags: '--no-hooks', description: 'skip the chart\'s uninstall hook (when it fails)' },
  timeout: { flags: '--timeout <DURATION>', description: 'how long to wait for objects to go (default 5m)', value: 'duration' },
  write: { flags: '--write <DIR>', description: 'write the preset and its schema.json into DIR instead of printing it', value: 'text' },
};

const CLUSTER: OptionId[] = ['kubeconfig', 'context', 'helm'];
const OUTPUT: OptionId[] = ['json', 'verbose'];

export interface CommandSpec {
  name: string;
  /** Positional arguments in commander's syntax, e.g. '[action] [name]'. */
  args?: string;
  summary: string;
  description: string;
  options: OptionId[];
  /** Options without which the command cannot run (checked with a message of our own). */
  required?: OptionId[];
  examples: string[];
}

export const COMMAND_SPECS: CommandSpec[] = [
  {
    name: 'install', summary: 'install, or upgrade if the release exists (the default with --preset)',
    description: 'Preflight, the chart check, the Secrets the values reference, helm upgrade --install; then the admin credentials, the load-balancer address and the DNS records to create.',
    options: ['preset', 'ignorePreflight', 'lbTimeout', 'showSecrets', 'dropUnsupported', ...CLUSTER, ...OUTPUT], required: ['preset'],
    examples: ['wallaroo-install --preset eks-internal-16.yaml', 'wallaroo-install install --preset p.yaml --json > events.jsonl'],
  },
  {
    name: 'wizard', summary: 'the interactive installer (the default without --preset; needs a terminal)',
    description: 'Asks the questions one screen at a time, shows a review, then installs. Over SSH use `ssh -t`. With --preset, starts from that file and asks only what is missing or invalid.',
    options: ['preset', 'plain', 'ignorePreflight', 'lbTimeout', 'showSecrets', 'dropUnsupported', ...CLUSTER, 'verbose'],
    examples: ['wallaroo-install', 'ssh -t admin@bastion npx wallaroo-install', 'wallaroo-install wizard --preset partial.yaml'],
  },
  {
    name: 'preflight', summary: 'only the cluster checks, nothing is changed',
    description: 'Runs the checks an install starts with (nodes, cores, memory, nodepools, StorageClass, RBAC, helm, namespace, Secrets, release state) and reports each with its code and fix.',
    options: ['preset', 'ignorePreflight', 'dropUnsupported', ...CLUSTER, ...OUTPUT], required: ['preset'],
    examples: ['wallaroo-install preflight --preset p.yaml'],
  },
  {
    name: 'render', summary: 'write the values file and print the helm commands; no cluster',
    description: 'Writes <release>-values.yaml (mode 0600, YAML 1.1) and, when Secrets are needed, <release>-secrets.yaml, then prints the exact commands an install runs. Needs no cluster and no secret values.',
    options: ['preset', 'output', 'inlineSecrets', 'chart', 'force', 'dropUnsupported', 'helm', ...OUTPUT], required: ['preset'],
    examples: ['wallaroo-install render --preset p.yaml --output ./out', 'wallaroo-install render --preset p.yaml --chart ./wallaroo-2025.1.0-6290.tgz'],
  },
  {
    name: 'status', summary: 'the release, what is not ready and why, the address and DNS records',
    description: 'Reads the release and its objects; exits 1 unless the release is deployed.',
    options: ['preset', 'release', 'namespace', ...CLUSTER, ...OUTPUT],
    examples: ['wallaroo-install status', 'wallaroo-install status --release wallaroo -n wallaroo --json'],
  },
  {
    name: 'credentials', summary: 'the admin user and password (secret keycloak-admin-secret)',
    description: 'Prints the Keycloak admin login; the password stays masked unless --show-secrets is given.',
    options: ['preset', 'release', 'namespace', 'showSecrets', ...CLUSTER, ...OUTPUT],
    examples: ['wallaroo-install credentials --show-secrets'],
  },
  {
    name: 'uninstall', summary: 'show what goes and what stays, then uninstall (keeps data unless --purge)',
    description: 'Lists the release\'s objects, its data, Wallaroo\'s dynamic namespaces and cluster-wide leftovers, then removes them and checks that nothing is left. Interactive in a terminal; scripts need --yes.',
    options: ['release', 'namespace', 'yes', 'purge', 'plan', 'noHooks', 'timeout', ...CLUSTER, ...OUTPUT],
    examples: ['wallaroo-install uninstall', 'wallaroo-install uninstall --plan', 'wallaroo-install uninstall --yes', 'wallaroo-install uninstall --yes --purge'],
  },
  {
    name: 'attach', summary: 'follow an install that is running (for example after the SSH link dropped)',
    description: 'Replays what the running install has reported so far and follows it to its end; exits with its exit code.',
    options: ['preset', 'release', 'namespace', ...CLUSTER, ...OUTPUT],
    examples: ['wallaroo-install attach', 'wallaroo-install attach --release wallaroo -n wallaroo'],
  },
  {
    name: 'presets', args: '[action] [name]', summary: 'list the ready presets, show one, or write one out to edit',
    description: 'Actions: list (the default), show NAME. With --write DIR, show writes NAME.yaml and schema.json into DIR.',
    options: ['write', 'force', 'json'],
    examples: ['wallaroo-install presets', 'wallaroo-install presets show eks-internal-16', 'wallaroo-install presets show eks-internal-16 --write .'],
  },
];

export function commandSpec(name: string): CommandSpec | undefined {
  return COMMAND_SPECS.find((c) => c.name === name);
}

/** The long name of an option, e.g. "--preset" (for messages). */
export function longFlag(id: OptionId): string {
  return /--[a-z-]+/.exec(OPTIONS[id].flags)![0];
}

/** The commands that take an option, by its long flag. */
export function commandsTaking(flag: string): string[] {
  const id = (Object.keys(OPTIONS) as OptionId[]).find((o) => longFlag(o) === flag || OPTIONS[o].flags.startsWith(`${flag},`));
  return id ? COMMAND_SPECS.filter((c) => c.options.includes(id)).map((c) => c.name) : [];
}
