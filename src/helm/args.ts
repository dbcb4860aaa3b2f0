// helm command lines, built in one place. No secret ever goes on them: values are in a 0600
// file, registry passwords go on stdin.
import type { InstallPlan, ChartSource } from '../flows/plan.ts';

export type HelmMajor = 3 | 4;

export function chartArgs(c: ChartSource): string[] {
  return c.kind === 'oci' ? [c.ref, '--version', c.version] : [c.path];
}

export function registryLoginArgs(login: { registry: string; username: string }): string[] {
  return ['registry', 'login', login.registry, '--username', login.username, '--password-stdin'];
}

/**
 * `helm upgrade --install`. The wait flags are chosen per major version on purpose:
 * helm 3 `--wait` also waits for the LoadBalancer address; helm 4's default watcher does not
 * (we watch api-lb-ext ourselves after helm returns). Both wait for Jobs; helm 3 would sit out
 * the whole timeout on a failed Job, so the install flow stops it early when it sees one.
 */
export function upgradeInstallArgs(plan: InstallPlan, valuesFile: string, major: HelmMajor): string[] {
  return [
    'upgrade', '--install', plan.release, ...chartArgs(plan.chart),
    '--namespace', plan.namespace, '--create-namespace',
    ...plan.extraValuesFiles.flatMap((f) => ['--values', f]),
    '--values', valuesFile,
    '--timeout', plan.timeout,
    major === 4 ? '--wait=watcher' : '--wait',
    '--wait-for-jobs',
  ];
}

export function templateArgs(plan: InstallPlan, valuesFile: string): string[] {
  return ['template', plan.release, ...chartArgs(plan.chart), '--namespace', plan.namespace,
    ...plan.extraValuesFiles.flatMap((f) => ['--values', f]), '--values', valuesFile];
}

/** Quote for a POSIX shell, for commands we print for people to copy. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(bin: string, args: string[]): string {
  return [bin, ...args].map(shellQuote).join(' ');
}
