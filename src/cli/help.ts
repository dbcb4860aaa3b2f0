// The top-level help, made from the command table so that it never lists a command or an
// option that does not exist. Per-command help (`COMMAND --help`) comes from commander.
import { COMMAND_SPECS, OPTIONS, type OptionId } from './commands.ts';

const wrap = (text: string, width: number, indent: string): string => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
};

function commandLines(): string[] {
  const width = Math.max(...COMMAND_SPECS.map((c) => c.name.length + (c.args ? c.args.length + 1 : 0))) + 2;
  return COMMAND_SPECS.map((c) => `  ${(c.args ? `${c.name} ${c.args}` : c.name).padEnd(width)}${wrap(c.summary, 96 - width - 2, ' '.repeat(width + 2))}`);
}

function optionLines(): string[] {
  const common: OptionId[] = ['preset', 'json', 'verbose', 'kubeconfig', 'context', 'helm'];
  return common.map((id) => `  ${OPTIONS[id].flags.padEnd(26)}${wrap(OPTIONS[id].description, 68, ' '.repeat(28))}`);
}

export const USAGE = `wallaroo-install: install, upgrade, inspect and uninstall the Wallaroo ML platform on Kubernetes with Helm

Usage:
  wallaroo-install                          the interactive wizard (in a terminal; over SSH use ssh -t)
  wallaroo-install --preset FILE            install, or upgrade if the release exists, without questions
  wallaroo-install render --preset FILE     write the values file and print the helm commands; no cluster
  wallaroo-install COMMAND [options]

Commands:
${commandLines().join('\n')}

Common options:
${optionLines().join('\n')}
  -h, --help                this help; \`wallaroo-install COMMAND --help\` for a command's options
  -V, --version             the version

Exit codes: 0 ok, 1 failed, 2 bad input or usage, 130 cancelled.
Secret fields in presets take env:NAME or file:PATH. \`wallaroo-install presets\` lists ready presets.`;
