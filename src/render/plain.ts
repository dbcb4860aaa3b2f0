// Plain lines for people: no TTY, TERM=dumb, CI logs, `ssh` without -t. ASCII markers only.
// Everything printed passes through escapeControl: text from the preset, helm or the API
// server cannot drive the terminal.
import type { FlowEvent, InstallResult } from '../flows/events.ts';
import { problemLines } from './problems.ts';
import { hookFailedLines, planLines, progressLine, resultLines as uninstallResultLines } from './uninstall.ts';
import { escapeControl } from '../util/escape.ts';

export interface PlainOptions { out: NodeJS.WritableStream; err: NodeJS.WritableStream; verbose?: boolean }

const MARK = { ok: '[ok]  ', warn: '[warn]', fail: '[FAIL]', skip: '[skip]', pass: '[ok]  ' } as const;

const secs = (ms: number) => (ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(1)}s`);

export function resultLines(r: InstallResult): string[] {
  const lines = [`Wallaroo ${r.action === 'install' ? 'installed' : 'upgraded'}: release ${r.release} in namespace ${r.namespace}${r.revision ? `, revision ${r.revision}` : ''}${r.chartVersion ? `, chart ${r.chartVersion}` : ''}`];
  if (r.adminUser) {
    lines.push('', 'Admin login (Keycloak realm master, secret keycloak-admin-secret):', `  user:     ${r.adminUser}`,
      `  password: ${r.adminPassword}${r.passwordShown ? '' : '   (hidden; `wallaroo-install credentials --show-secrets` shows it)'}`);
  }
  if (r.address) lines.push('', `Load balancer address (service api-lb-ext): ${r.address.hostname ?? r.address.ip}`);
  if (r.dnsRecords.length) {
    lines.push('', 'Create these DNS records:');
    for (const d of r.dnsRecords) lines.push(`  ${d.name.padEnd(40)} ${d.type.padEnd(5)} ${d.value}`);
  }
  if (r.portForward) lines.push('', 'Ingress mode none: reach Wallaroo through a port-forward:', `  ${r.portForward}`);
  if (r.endpoints.length) {
    lines.push('', r.portForward ? 'While it runs, point these names at 127.0.0.1 (e.g. in /etc/hosts) and open:' : 'Then open:');
    for (const e of r.endpoints) lines.push(`  ${e.service.padEnd(10)} ${e.url}`);
  }
  if (r.leftOut?.length) {
    lines.push('', `Left out: ${r.leftOut[0].chart} has no setting for these, so the chart's own behaviour applies:`);
    for (const l of r.leftOut) lines.push(`  ${l.label}${l.from ? ` (${l.from} in the preset, dropped by --drop-unsupported)` : ''}`);
  }
  if (r.valuesFile) lines.push('', `Values file: ${r.valuesFile}`);
  return lines;
}

/** A message that may span lines (helm's multi-line errors): continuation lines indented. */
function indentLines(text: string, indent: string): string {
  return text.split('\n').map((l, i) => (i && !/^\s/.test(l) ? indent + l : l)).join('\n');
}

export function plainRenderer(o: PlainOptions): (e: FlowEvent) => void {
  const w = (s: string) => o.out.write(escapeControl(s) + '\n');
  let lastWaiting = '';
  return (e) => {
    switch (e.type) {
      case 'run-started':
        // `presets show NAME > file.yaml` must get the preset and nothing else.
        if (e.command === 'presets') break;
        w(`wallaroo-install ${e.version}: ${e.command}${e.preset ? ` (preset ${e.preset})` : ''}`);
        if (e.logFile) w(`log: ${e.logFile}`);
        break;
      case 'step-started':
        w(`--> ${e.title}`);
        break;
      case 'step-finished':
        w(`${MARK[e.status]} ${e.step}: ${e.summary} (${secs(e.ms)})`);
        break;
      case 'finding':
        w(`    ${MARK[e.level]} ${e.code}: ${e.message}${e.ignored ? ' (ignored by --ignore-preflight)' : ''}`);
        if (e.fix && e.level !== 'pass') w(`           fix: ${e.fix}`);
        break;
      case 'warning':
        w(`warning: ${e.file ? `${e.file}${e.line ? ':' + e.line : ''}: ` : ''}${e.key ? e.key + ': ' : ''}${e.message} [${e.code}]`);
        if (e.fix) w(`  fix: ${e.fix}`);
        break;
      case 'waiting': {
        const text = e.items.map((i) => `${i.kind}/${i.name}: ${i.reason}${i.detail ? ` (${i.detail})` : ''}`).join('; ');
        if (text && text !== lastWaiting) {
          w(`    waiting on ${e.items.length} object${e.items.length === 1 ? '' : 's'}:`);
          for (const i of e.items) w(`      ${i.kind}/${i.name}: ${i.reason}${i.detail ? ` - ${i.detail}` : ''}`);
        }
        lastWaiting = text;
        break;
      }
      case 'log':
        if (o.verbose) w(`    ${e.source}: ${e.line}`);
        break;
      case 'info':
        w(e.message);
        break;
      case 'output':
        w('');
        w(e.title);
        for (const l of e.lines) w(`  ${l}`);
        break;
      case 'problems': {
        o.err.write(problemLines(e.problems).join('\n') + '\n');
        break;
      }
      case 'presets': {
        w('Ready presets (`wallaroo-install presets show NAME` prints one, `--write DIR` copies it with its schema):');
        const width = Math.max(...e.presets.map((p) => p.name.length));
        for (const p of e.presets) w(`  ${p.name.padEnd(width)}  ${p.description}`);
        break;
      }
      case 'preset':
        if (e.written) {
          w(`Wrote ${e.written.join(' and ')}.`);
          w(`Edit it, then: wallaroo-install render --preset ${e.written[0]}   (no cluster needed), or install with --preset.`);
        } else o.out.write(escapeControl(e.text.endsWith('\n') ? e.text : e.text + '\n'));
        break;
      case 'result':
        w('');
        for (const l of resultLines(e.result)) w(l);
        break;
      case 'status': {
        const st = e.status;
        w(`release ${st.release} in namespace ${st.namespace}: ${st.state}${st.revision ? `, revision ${st.revision}` : ''}${st.chart ? `, chart ${st.chart}` : ''}${st.updated ? `, updated ${st.updated}` : ''}`);
        w(`deployments ready: ${st.deployments.ready}/${st.deployments.total}`);
        for (const i of st.notReady) w(`  not ready: ${i.kind}/${i.name}: ${i.reason}${i.detail ? ` - ${i.detail}` : ''}`);
        if (st.address) w(`load balancer address (api-lb-ext): ${st.address.hostname ?? st.address.ip}`);
        else if (st.portForward) w(`ingress none: ${st.portForward}`);
        else if (st.state !== 'not installed') w('load balancer address (api-lb-ext): none yet');
        if (st.dnsRecords.length) { w('DNS records:'); for (const d of st.dnsRecords) w(`  ${d.name.padEnd(40)} ${d.type.padEnd(5)} ${d.value}`); }
        if (st.endpoints.length && st.state !== 'not installed') { w('URLs:'); for (const x of st.endpoints) w(`  ${x.service.padEnd(10)} ${x.url}`); }
        break;
      }
      case 'credentials':
        w(`Admin login for release ${e.release} (Keycloak realm master, secret ${e.secret} in ${e.namespace}):`);
        w(`  user:     ${e.user}`);
        w(`  password: ${e.password}${e.passwordShown ? '' : '   (hidden: add --show-secrets to see it)'}`);
        break;
      case 'address':
        w(`    load balancer address of service ${e.service}: ${e.address.hostname ?? e.address.ip}`);
        break;
      case 'failed':
        // Stopped by the user (Ctrl-C, SIGTERM; detaching from `attach`) is no error of anything's.
        o.err.write(escapeControl(`\n${e.exitCode === 130 ? 'stopped' : 'error'}: ${indentLines(e.cause, '  ')} [${e.code}]\n  next: ${indentLines(e.fix, '    ')}\n`));
        break;
      // The guided uninstall (lines built in uninstall.ts).
      case 'uninstall-plan': for (const l of planLines(e.plan)) w(l); break;
      case 'uninstall-progress': { const l = progressLine(e, o.verbose); if (l) w(l); break; }
      case 'uninstall-hook-failed': for (const l of hookFailedLines(e)) w(l); break;
      case 'uninstall-result': for (const l of uninstallResultLines(e.result)) w(l); break;
    }
  };
}
