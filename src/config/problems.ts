// A problem with the answers: where (the key path), what is wrong, and what to do.
export type KeyPath = (string | number)[];

export interface Problem {
  level: 'error' | 'warning';
  /** Stable code for scripts (e.g. E_ORCHESTRATION_NEEDS_NATS, W_EXTERNAL_INGRESS). */
  code: string;
  path: KeyPath;
  message: string;
  fix: string;
}

export function keyPath(path: KeyPath): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}
