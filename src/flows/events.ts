// What a flow reports. The plain renderer, the JSON renderer and (later) the Ink UI consume the
// same events; flows never print.
import type { LocatedProblem } from '../config/load-preset.ts';
import type { DnsRecord, Endpoint } from '../wallaroo/domain.ts';
import { Redactor } from '../util/redact.ts';
import type { GroupId, ObjRef, UninstallPlan, UninstallResult } from './uninstall/types.ts';
import { FlowError } from '../util/flow-error.ts';

export type StepId = 'preflight' | 'secrets' | 'chart' | 'helm' | 'address' | 'render' | 'credentials' | 'status'
  | 'uninstall-inventory' | 'uninstall-keep' | 'uninstall-helm' | 'uninstall-cleanup' | 'uninstall-verify';
export type StepStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface WaitItem { kind: string; name: string; reason: string; detail?: string }

export interface InstallResult {
  release: string;
  namespace: string;
  action: 'install' | 'upgrade';
  revision?: number;
  chartVersion?: string;
  adminUser?: string;
  /** Masked unless the user asked for --show-secrets. */
  adminPassword?: string;
  passwordShown: boolean;
  address?: { ip?: string; hostname?: string };
  dnsRecords: DnsRecord[];
  endpoints: Endpoint[];
  portForward?: string;
  valuesFile?: string;
  logFile?: string;
  /**
   * Settings the chart has no key for, left out of the values (each was a warning during the
   * run): `from` is the preset key when the admin set it (dropped by --drop-unsupported).
   */
  leftOut?: { setting: string; label: string; chart: string; from?: string }[];
}

export interface ReleaseStatus {
  release: string;
  namespace: string;
  state: string;
  revision?: number;
  chart?: string;
  updated?: string;
  deployments: { total: number; ready: number };
  notReady: WaitItem[];
  address?: { ip?: string; hostname?: string };
  dnsRecords: DnsRecord[];
  endpoints: Endpoint[];
  portForward?: string;
}

export type FlowEvent =
  | { type: 'run-started'; command: string; version: string; preset?: string; logFile?: string }
  | { type: 'step-started'; step: StepId; title: string }
  | { type: 'step-finished'; step: StepId; status: StepStatus; summary: string; ms: number }
  | { type: 'finding'; step: StepId; code: string; level: 'pass' | 'warn' | 'fail'; message: string; fix?: string; ignored?: boolean }
  | { type: 'warning'; code: string; message: string; fix?: string; key?: string; file?: string; line?: number }
  | { type: 'waiting'; items: WaitItem[] }
  | { type: 'log'; step: StepId; source: string; line: string }
  | { type: 'info'; message: string }
  | { type: 'output'; title: string; lines: string[] }
  | { type: 'problems'; file?: string; problems: LocatedProblem[] }
  | { type: 'rendered'; valuesFile: string; secretsFile?: string; commands: string[] }
  | { type: 'result'; result: InstallResult }
  | { type: 'status'; status: ReleaseStatus }
  | { type: 'credentials'; release: string; namespace: string; secret: string; user: string; password: string; passwordShown: boolean }
  | { type: 'failed'; code: string; cause: string; fix: string; step?: StepId; exitCode: number }
  // `wallaroo-install presets`: the shipped presets, and one preset's text (`presets show NAME`).
  | { type: 'presets'; presets: { name: string; description: string }[] }
  | { type: 'preset'; name: string; text: string; written?: string[] }
  // `wallaroo-install uninstall`: the plan, each object removed or kept, a failed hook, the result.
  | { type: 'uninstall-plan'; plan: UninstallPlan }
  | { type: 'uninstall-progress'; group: GroupId | 'namespace'; object: ObjRef; outcome: 'deleted' | 'gone' | 'failed' | 'kept'; detail?: string }
  | { type: 'uninstall-hook-failed'; job: string; namespace: string; reason: string; logTail: string[] }
  | { type: 'uninstall-result'; result: UninstallResult }
  /** The API load balancer got its address (shown as soon as it is seen, while helm may still run). */
  | { type: 'address'; service: string; namespace: string; address: { ip?: string; hostname?: string } };

export type Listener = (e: FlowEvent) => void;

/**
 * Fans events out to renderers and the log, redacting secrets first. The screen may be allowed
 * to show a secret the user asked for (--show-secrets); the log never is.
 */
export class EventBus {
  /** Every secret: used for the log and for screens that reveal nothing. */
  readonly redactor = new Redactor();
  /** Every secret except those the user asked to see. */
  private readonly screenRedactor = new Redactor();
  private listeners: { l: Listener; audience: 'screen' | 'log' }[] = [];

  on(l: Listener, audience: 'screen' | 'log' = 'log'): () => void {
    const entry = { l, audience };
    this.listeners.push(entry);
    return () => { this.listeners = this.listeners.filter((x) => x !== entry); };
  }

  /** A secret to hide everywhere, or (reveal) everywhere but on the screen. */
  secret(value: string | undefined, reveal = false): void {
    this.redactor.add(value);
    if (!reveal) this.screenRedactor.add(value);
  }

  emit(e: FlowEvent): void {
    const forLog = this.redactor.redactDeep(e);
    const forScreen = this.screenRedactor.redactDeep(e);
    for (const { l, audience } of this.listeners) l(audience === 'log' ? forLog : forScreen);
  }

  /** Runs `fn` as a named step, reporting start and end (with its duration). */
  async step<T>(step: StepId, title: string, fn: () => Promise<{ value: T; status?: StepStatus; summary: string }>): Promise<T> {
    const t0 = performance.now();
    this.emit({ type: 'step-started', step, title });
    try {
      const r = await fn();
      this.emit({ type: 'step-finished', step, status: r.status ?? 'ok', summary: r.summary, ms: Math.round(performance.now() - t0) });
      return r.value;
    } catch (e) {
      this.emit({ type: 'step-finished', step, status: 'fail', summary: e instanceof FlowError ? e.cause_ : 'failed', ms: Math.round(performance.now() - t0) });
      throw e;
    }
  }
}

/**
 * A bus for work that runs ahead of its turn: its events reach `target` (in order) only once
 * released, and then as they come; dropped, they never do. Secrets are redacted by `target`.
 */
export function heldBus(target: EventBus): { bus: EventBus; release(): void; drop(): void } {
  const held: FlowEvent[] = [];
  let state: 'holding' | 'released' | 'dropped' = 'holding';
  const bus = new EventBus();
  bus.on((e) => { if (state === 'holding') held.push(e); else if (state === 'released') target.emit(e); });
  return {
    bus,
    release() { if (state !== 'holding') return; state = 'released'; for (const e of held.splice(0)) target.emit(e); },
    drop() { state = 'dropped'; held.length = 0; },
  };
}

/** A failure with a cause and a next step; exit code 1 (failed) or 2 (bad input), 130 (cancelled). */
export { FlowError };
