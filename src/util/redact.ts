// Every secret value the run learns (resolved passwords, the TLS key, the admin password) is
// registered here; everything that reaches a screen or the log passes through `redact`.
//
// Redaction replaces every occurrence of a secret, so a secret that is also ordinary text would
// garble the paths and commands we print ("wallaroo" as a password would turn
// `--namespace wallaroo` into `--namespace ***`). Such weak secrets (short, a common word, one
// plain word, only digits, the same character repeated) are therefore not redacted: the preset
// loader warns about them instead (W_SECRET_WEAK), and the user picks a real secret.

/** Shorter secrets cannot be hidden without hiding ordinary text too. */
export const MIN_REDACT_LENGTH = 6;

/** Words that appear in our own output, or are the first guesses of any attacker. */
const COMMON = new Set([
  'wallaroo', 'helm', 'kubectl', 'kubernetes', 'install', 'upgrade', 'uninstall', 'release', 'namespace', 'values',
  'secret', 'secrets', 'password', 'passw0rd', 'admin', 'administrator', 'default', 'internal', 'external', 'none',
  'true', 'false', 'root', 'user', 'username', 'changeme', 'letmein', 'welcome', 'qwerty', 'registry', 'license',
  'example', 'test', 'testing', 'keycloak', 'token', 'chart', 'service', 'deployed', 'failed', 'pending', 'wallaroo-install',
]);

/** Why `secret` is too weak to be redacted (and worth a warning), or undefined if it is fine. */
export function weakSecretReason(secret: string): string | undefined {
  if (secret.length < MIN_REDACT_LENGTH) return `it is only ${secret.length} character${secret.length === 1 ? '' : 's'} long`;
  if (COMMON.has(secret.toLowerCase())) return 'it is a common word';
  if (/^(.)\1*$/s.test(secret)) return 'it is one character repeated';
  if (/^[0-9]+$/.test(secret) && secret.length < 12) return 'it is only digits';
  if (/^[A-Za-z]+$/.test(secret) && secret.length < 10) return 'it is a single plain word';
  return undefined;
}

/** Characters that continue a name or path: a word-like secret next to one is part of other text. */
const CONTINUES = 'A-Za-z0-9._/-';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private values = new Set<string>();
  private ordered: string[] = [];
  /** Word-like secrets (letters and . _ - only) are masked where they stand alone, not inside names. */
  private wordLike = new Map<string, RegExp>();

  /** Registers a secret; returns false for a weak one, which is not redacted (see above). */
  add(secret: string | undefined): boolean {
    if (!secret || weakSecretReason(secret)) return false;
    this.values.add(secret);
    // "wallaroo-values" as a password must not turn .../wallaroo-values.yaml into .../***.yaml;
    // a secret with digits or symbols is unlike ordinary text and is masked wherever it appears.
    if (/^[A-Za-z._-]+$/.test(secret)) this.wordLike.set(secret, new RegExp(`(?<![${CONTINUES}])${escapeRegExp(secret)}(?![${CONTINUES}])`, 'g'));
    // Secrets also travel base64-encoded (Kubernetes Secret data, docker auth strings).
    this.values.add(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''));
    // A multi-line secret (a PEM key) is redacted line by line too, as output is line-based.
    for (const line of secret.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) this.values.add(line);
    // Longest first, so that a secret containing another is replaced whole.
    this.ordered = [...this.values].sort((a, b) => b.length - a.length);
    return true;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.ordered) {
      if (!out.includes(v)) continue;
      const word = this.wordLike.get(v);
      out = word ? out.replace(word, '***') : out.split(v).join('***');
    }
    return out;
  }

  /** Redact every string inside a JSON-able value. */
  redactDeep<T>(value: T): T {
    if (!this.ordered.length) return value;
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)])) as T;
    }
    return value;
  }
}
