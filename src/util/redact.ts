// Every secret value the run learns (resolved passwords, the TLS key, the admin password) is
// registered here; everything that reaches a screen or the log passes through `redact`.
export class Redactor {
  private values = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < 4) return; // too short to redact without mangling output
    this.values.add(secret);
    // Secrets also travel base64-encoded (Kubernetes Secret data, docker auth strings).
    this.values.add(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''));
    // A multi-line secret (a PEM key) is redacted line by line too, as output is line-based.
    for (const line of secret.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) this.values.add(line);
  }

  redact(text: string): string {
    let out = text;
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) if (out.includes(v)) out = out.split(v).join('***');
    return out;
  }

  /** Redact every string inside a JSON-able value. */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.redactDeep(v)])) as T;
    }
    return value;
  }
}
