// argv → a command and its options. Usage errors exit 2 with the usage line that fixes them.
import { parseArgs } from 'node:util';
import { FlowError } from '../flows/events.ts';

export const COMMANDS = ['install', 'preflight', 'render', 'status', 'credentials', 'uninstall', 'help', 'version'] as const;
export type Command = (typeof COMMANDS)[number] | 'wizard';

export interface CliOptions {
  command: Command;
  preset?: string;
  output?: string;
  inlineSecrets: boolean;
  json: boolean;
  showSecrets: boolean;
  kubeconfig?: string;
  context?: string;
  helm?: string;
  release?: string;
  namespace?: string;
  ignorePreflight: string[];
  lbTimeoutMs: number;
  verbose: boolean;
  // uninstall
  yes: boolean;
  purge: boolean;
  plan: boolean;
  noHooks: boolean;
  timeoutMs?: number;
}

export function parseDuration(s: string): number | undefined {
  const m = /^(\d+)(ms|s|m|h)$/.exec(s);
  if (!m) return undefined;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        preset: { type: 'string', short: 'p' },
        output: { type: 'string', short: 'o' },
        'inline-secrets': { type: 'boolean' },
        json: { type: 'boolean' },
        'show-secrets': { type: 'boolean' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        helm: { type: 'string' },
        release: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'ignore-preflight': { type: 'string' },
        'lb-timeout': { type: 'string' },
        verbose: { type: 'boolean' },
        yes: { type: 'boolean' },
        purge: { type: 'boolean' },
        plan: { type: 'boolean' },
        'no-hooks': { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (e) {
    throw new FlowError('E_USAGE', (e as Error).message.replace(/\. To specify a positional.*$/s, ''), 'run `wallaroo-install --help` for the options', 2);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) throw new FlowError('E_USAGE', `unexpected argument "${positionals[1]}"`, 'run `wallaroo-install --help` for the commands', 2);
  let command: Command;
  if (v.help) command = 'help';
  else if (v.version) command = 'version';
  else if (positionals[0]) {
    if (!(COMMANDS as readonly string[]).includes(positionals[0])) {
      throw new FlowError('E_USAGE', `unknown command "${positionals[0]}"`, `use one of: ${COMMANDS.filter((c) => c !== 'help' && c !== 'version').join(', ')} (or --help)`, 2);
    }
    command = positionals[0] as Command;
  } else command = v.preset ? 'install' : 'wizard';

  if (['install', 'preflight', 'render'].includes(command) && !v.preset) {
    throw new FlowError('E_USAGE', `${command} needs --preset FILE`, `run \`wallaroo-install ${command} --preset presets/eks-internal-16.yaml\` (ready presets are in presets/)`, 2);
  }
  const lb = v['lb-timeout'] ?? '10m';
  const lbTimeoutMs = parseDuration(lb);
  if (lbTimeoutMs === undefined) throw new FlowError('E_USAGE', `--lb-timeout "${lb}" is not a duration`, 'use a duration such as 30s, 10m or 1h', 2);
  let timeoutMs: number | undefined;
  if (v.timeout !== undefined) {
    timeoutMs = parseDuration(v.timeout);
    if (!timeoutMs) throw new FlowError('E_USAGE', `--timeout "${v.timeout}" is not a duration`, 'use a duration such as 90s, 5m or 1h', 2);
  }
  return {
    command,
    preset: v.preset,
    output: v.output,
    inlineSecrets: Boolean(v['inline-secrets']),
    json: Boolean(v.json),
    showSecrets: Boolean(v['show-secrets']),
    kubeconfig: v.kubeconfig,
    context: v.context,
    helm: v.helm,
    release: v.release,
    namespace: v.namespace,
    ignorePreflight: (v['ignore-preflight'] ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    lbTimeoutMs,
    verbose: Boolean(v.verbose),
    yes: Boolean(v.yes),
    purge: Boolean(v.purge),
    plan: Boolean(v.plan),
    noHooks: Boolean(v['no-hooks']),
    timeoutMs,
  };
}
