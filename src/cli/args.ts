// argv → a command and its options, with commander (per-command help, "did you mean" for
// commands and options). Every usage error is a FlowError with exit code 2 that names the
// input and the fix; the caller prints it (as text, or as a JSON event with --json).
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { FlowError } from '../flows/events.ts';
import { PREFLIGHT_CODES, UNIGNORABLE_CODES } from '../flows/preflight-codes.ts';
import { closest } from '../util/closest.ts';
import { COMMAND_SPECS, OPTIONS, commandSpec, commandsTaking, longFlag, type OptionId } from './commands.ts';
import { USAGE } from './help.ts';

export const COMMANDS = [...COMMAND_SPECS.map((c) => c.name), 'help', 'version'] as const;
export type CommandName = 'install' | 'wizard' | 'preflight' | 'render' | 'status' | 'credentials' | 'uninstall' | 'attach' | 'presets' | 'help' | 'version';

export interface CliOptions {
  command: CommandName;
  preset?: string;
  output?: string;
  inlineSecrets: boolean;
  chart?: string;
  force: boolean;
  dropUnsupported: boolean;
  json: boolean;
  verbose: boolean;
  showSecrets: boolean;
  kubeconfig?: string;
  context?: string;
  helm?: string;
  release?: string;
  namespace?: string;
  ignorePreflight: string[];
  /** undefined: bounded by the install's helm timeout. */
  lbTimeoutMs?: number;
  plain: boolean;
  yes: boolean;
  purge: boolean;
  plan: boolean;
  noHooks: boolean;
  timeoutMs?: number;
  /** Positional arguments after the command (presets: action and name). */
  args: string[];
  write?: string;
  /** For command 'help': the text to print. */
  helpText?: string;
}

export function parseDuration(s: string): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
  if (!m || !s || m.slice(1).every((x) => x === undefined)) return undefined;
  const [h, min, sec, ms] = m.slice(1).map((x) => Number(x ?? 0));
  return ((h * 60 + min) * 60 + sec) * 1000 + ms;
}

const usage = (cause: string, fix: string) => new FlowError('E_USAGE', cause, fix, 2);
/** commander only carries a message: the cause and the fix travel in it, split by a NUL. */
const invalid = (cause: string, fix: string) => new InvalidArgumentError(`${cause}\u0000${fix}`);

const VALUE_OPTIONS = (Object.keys(OPTIONS) as OptionId[]).filter((id) => OPTIONS[id].value);
const LONG_NAMES = (Object.keys(OPTIONS) as OptionId[]).map((id) => longFlag(id).slice(2));

/** Options given twice would silently keep the last one: refuse instead. */
function once(flag: string, check?: (v: string) => string) {
  return (value: string, previous: unknown) => {
    if (previous !== undefined) throw invalid(`${flag} was given more than once`, `give ${flag} once`);
    return check ? check(value) : value;
  };
}

function durationArg(flag: string) {
  return (v: string) => {
    if (parseDuration(v) === undefined) throw invalid(`${flag} "${v}" is not a duration`, 'use a duration such as 30s, 10m or 1h30m');
    return v;
  };
}

function codesArg(v: string): string {
  const codes = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (!codes.length) throw invalid('--ignore-preflight names no code', 'name the codes (PF_CORES,PF_NODE_MEMORY) or use "all"');
  for (const c of codes) {
    if (c === 'all') continue;
    const up = c.toUpperCase();
    if (UNIGNORABLE_CODES.includes(up)) throw invalid(`${up} cannot be ignored: a release stuck in a pending state must be rolled back or uninstalled first`, 'leave it out of --ignore-preflight; preflight prints the command that gets the release out of that state');
    if (!(PREFLIGHT_CODES as readonly string[]).includes(up)) {
      const near = closest(up, [...PREFLIGHT_CODES]);
      throw invalid(`--ignore-preflight: "${c}" is not a preflight code`, `${near ? `did you mean ${near}? ` : ''}the codes are ${PREFLIGHT_CODES.filter((x) => !UNIGNORABLE_CODES.includes(x)).join(', ')}, or "all"`);
    }
  }
  return codes.map((c) => (c === 'all' ? c : c.toUpperCase())).join(',');
}

/** Flags whose next word is their value, not a command or an option. */
function valueFlags(): Set<string> {
  return new Set(VALUE_OPTIONS.flatMap((id) => OPTIONS[id].flags.split(/[ ,]+/).filter((f) => f.startsWith('-'))));
}

/** `-preset` is `-p reset` to a parser: almost surely a long option with one dash. */
function refuseSingleDashLongOptions(argv: string[]): void {
  const takesValue = valueFlags();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return;
    if (takesValue.has(a)) {
      // `--preset --output o`: the parser would take "--output" as the preset's path. A value
      // that is itself one of our long options means the value was left out.
      const next = argv[i + 1];
      if (next !== undefined && /^--[a-z]/.test(next) && LONG_NAMES.includes(next.slice(2).split('=')[0])) {
        throw usage(`${a} needs a value, but is followed by the option ${next}`, `give it one: ${a} VALUE (a value that starts with -- goes as ${a}=VALUE)`);
      }
      i++;
      continue;
    }
    const m = /^-([a-zA-Z][a-zA-Z-]+)(=.*)?$/.exec(a);
    if (!m) continue;
    const name = m[1].toLowerCase();
    const near = LONG_NAMES.includes(name) ? name : closest(name, LONG_NAMES);
    if (near) throw usage(`"${a}" has one dash: long options take two`, `use --${near}${m[2] ?? ''}`);
  }
}

/**
 * The command first (commander wants it there, people do not always put it there); no command:
 * --preset means install (or the wizard with --plain), nothing means the wizard.
 */
function withImplicitCommand(argv: string[]): string[] {
  if (argv[0] !== undefined && ['-h', '--help', '-V', '--version'].includes(argv[0])) return argv;
  const takesValue = valueFlags();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (takesValue.has(a)) { i++; continue; }
    if (!a.startsWith('-')) return i === 0 ? argv : [a, ...argv.slice(0, i), ...argv.slice(i + 1)];
  }
  const hasPreset = argv.some((a) => a === '-p' || a === '--preset' || a.startsWith('--preset=') || /^-p./.test(a));
  return [hasPreset && !argv.includes('--plain') ? 'install' : 'wizard', ...argv];
}

function buildProgram(onPick: (name: string, opts: Record<string, unknown>, args: string[]) => void, out: { text: string }): Command {
  const program = new Command('wallaroo-install')
    .exitOverride()
    .configureOutput({ writeOut: (s) => { out.text += s; }, writeErr: () => {}, outputError: () => {} })
    .showSuggestionAfterError(true)
    .helpOption(false)
    .allowExcessArguments(false);
  for (const spec of COMMAND_SPECS) {
    const cmd = program.command(spec.args ? `${spec.name} ${spec.args}` : spec.name)
      .summary(spec.summary).description(spec.description)
      .helpOption('-h, --help', 'this help')
      .allowExcessArguments(false)
      .addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}\n\nExit codes: 0 ok, 1 failed, 2 bad input or usage, 130 cancelled.`);
    for (const id of spec.options) {
      const o = OPTIONS[id];
      const flag = longFlag(id);
      if (!o.value) cmd.option(o.flags, o.description);
      else cmd.option(o.flags, o.description, once(flag, o.value === 'duration' ? durationArg(flag) : o.value === 'codes' ? codesArg : undefined));
    }
    cmd.action((...a: unknown[]) => {
      const c = a[a.length - 1] as Command;
      onPick(spec.name, c.opts(), c.args);
    });
  }
  program.command('help [command]').description('help for a command').action((name?: string) => onPick('help', { topic: name }, []));
  program.command('version').description('print the version').action(() => onPick('version', {}, []));
  return program;
}

function usageFromCommander(e: CommanderError, command: string | undefined): FlowError {
  const msg = e.message.replace(/^error:\s*/, '');
  const hint = /\(Did you mean (.+?)\?\)/.exec(msg)?.[1];
  const help = command ? `\`wallaroo-install ${command} --help\` lists its options` : '`wallaroo-install --help` lists the commands';
  switch (e.code) {
    case 'commander.unknownCommand': {
      const name = /unknown command '([^']*)'/.exec(msg)?.[1] ?? '';
      return usage(`unknown command "${name}"`, hint ? `did you mean \`wallaroo-install ${hint}\`? ${help}` : `use one of: ${COMMAND_SPECS.map((c) => c.name).join(', ')} (or --help)`);
    }
    case 'commander.unknownOption': {
      const flag = (/unknown option '([^']*)'/.exec(msg)?.[1] ?? '').split('=')[0];
      const others = commandsTaking(flag).filter((c) => c !== command);
      if (others.length) return usage(`${flag} does not apply to \`${command}\``, `it is an option of ${others.map((c) => `\`${c}\``).join(', ')}; ${help}`);
      return usage(`unknown option ${flag}${command ? ` for \`${command}\`` : ''}`, hint ? `did you mean ${hint}? ${help}` : help);
    }
    case 'commander.excessArguments': {
      const extra = /got \d+: (.*)\.?$/.exec(msg)?.[1] ?? msg;
      return usage(`unexpected argument "${extra.replace(/\.$/, '')}" for \`${command}\``, `options start with --; ${help}`);
    }
    case 'commander.optionMissingArgument': {
      const flags = /^option '([^']*)' argument missing/.exec(msg)?.[1] ?? '';
      const flag = flags.split(/[ ,]+/).find((x) => x.startsWith('--')) ?? flags;
      return usage(`${flag} needs a value`, `give it one: ${flags.replace(/^-\w, /, '')}; ${help}`);
    }
    case 'commander.invalidArgument': {
      const [cause, fix] = (/ is invalid\. ([\s\S]*)$/.exec(msg)?.[1] ?? msg).split('\u0000');
      return usage(cause, fix ?? help);
    }
    default:
      return usage(msg, help);
  }
}

/** Parses argv; usage errors throw FlowError (exit 2). `--help` anywhere yields command 'help'. */
export function parseCli(argv: string[]): CliOptions {
  refuseSingleDashLongOptions(argv);
  const full = withImplicitCommand(argv);
  if (full[0] === '-h' || full[0] === '--help') return defaults('help', { helpText: USAGE });
  if (full[0] === '-V' || full[0] === '--version') {
    if (full.length > 1) throw usage(`${full[0]} takes nothing else`, 'run `wallaroo-install --version` alone');
    return defaults('version');
  }
  const out = { text: '' };
  let picked: { name: string; opts: Record<string, unknown>; args: string[] } | undefined;
  const program = buildProgram((name, opts, args) => { picked = { name, opts, args }; }, out);
  try {
    program.parse(full, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return defaults('help', { helpText: out.text.trimEnd() });
      throw usageFromCommander(e, commandSpec(full[0]) || ['help', 'version'].includes(full[0]) ? full[0] : undefined);
    }
    throw e;
  }
  if (!picked) throw usage('no command given', 'run `wallaroo-install --help` for the commands');
  if (picked.name === 'help') {
    const topic = picked.opts.topic as string | undefined;
    if (!topic) return defaults('help', { helpText: USAGE });
    if (!commandSpec(topic)) {
      const near = closest(topic, COMMAND_SPECS.map((c) => c.name));
      throw usage(`no help for "${topic}": there is no such command`, near ? `did you mean \`wallaroo-install help ${near}\`?` : '`wallaroo-install --help` lists the commands');
    }
    return parseCli([topic, '--help']);
  }
  if (picked.name === 'version') return defaults('version');
  const spec = commandSpec(picked.name)!;
  const v = picked.opts;
  for (const id of spec.required ?? []) {
    if (v[id] === undefined) {
      throw usage(`${picked.name} needs ${longFlag(id)} ${/<([^>]+)>/.exec(OPTIONS[id].flags)?.[1] ?? ''}`.trim(),
        `run \`wallaroo-install ${picked.name} ${longFlag(id)} FILE\`; \`wallaroo-install presets\` lists ready presets to start from`);
    }
  }
  if (spec.name === 'presets') {
    const [action = 'list', name] = picked.args;
    if (!['list', 'show'].includes(action)) {
      const near = closest(action, ['list', 'show']);
      throw usage(`unknown presets action "${action}"`, `${near ? `did you mean \`presets ${near}\`? ` : ''}use \`presets list\` or \`presets show NAME\``);
    }
    if (action === 'show' && !name) throw usage('presets show needs a preset name', 'run `wallaroo-install presets` to list them, then `wallaroo-install presets show NAME`');
    if (action === 'list' && name) throw usage(`presets list takes no name (got "${name}")`, 'run `wallaroo-install presets show NAME` to see one');
    if (v.write !== undefined && action !== 'show') throw usage('--write goes with `presets show NAME`', 'run `wallaroo-install presets show NAME --write DIR`');
  }
  const dur = (s: unknown) => (typeof s === 'string' ? parseDuration(s) : undefined);
  return {
    ...defaults(picked.name as CommandName),
    preset: v.preset as string | undefined,
    output: v.output as string | undefined,
    inlineSecrets: Boolean(v.inlineSecrets),
    chart: v.chart as string | undefined,
    force: Boolean(v.force),
    dropUnsupported: Boolean(v.dropUnsupported),
    json: Boolean(v.json),
    verbose: Boolean(v.verbose),
    showSecrets: Boolean(v.showSecrets),
    kubeconfig: v.kubeconfig as string | undefined,
    context: v.context as string | undefined,
    helm: v.helm as string | undefined,
    release: v.release as string | undefined,
    namespace: v.namespace as string | undefined,
    ignorePreflight: typeof v.ignorePreflight === 'string' ? v.ignorePreflight.split(',') : [],
    lbTimeoutMs: dur(v.lbTimeout),
    plain: Boolean(v.plain),
    yes: Boolean(v.yes),
    purge: Boolean(v.purge),
    plan: Boolean(v.plan),
    noHooks: v.hooks === false,
    timeoutMs: dur(v.timeout),
    args: picked.args.filter((a) => a !== undefined),
    write: v.write as string | undefined,
  };
}

function defaults(command: CommandName, extra: Partial<CliOptions> = {}): CliOptions {
  return {
    command, inlineSecrets: false, force: false, dropUnsupported: false, json: false, verbose: false, showSecrets: false,
    ignorePreflight: [], plain: false, yes: false, purge: false, plan: false, noHooks: false, args: [], ...extra,
  };
}

/** Whether argv asks for JSON output, even when it does not parse (usage errors in JSON too). */
export function wantsJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}
