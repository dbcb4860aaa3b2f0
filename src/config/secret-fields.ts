// Where secrets live in the answers. Each is a reference (env:NAME or file:PATH) or, discouraged,
// the literal value; they are resolved only when needed and never written back.
import type { KeyPath } from './problems.ts';
import type { Answers } from './schema.ts';

export interface SecretField { path: KeyPath; label: string; ref: string }

export function secretFields(a: Pick<Answers, 'chart' | 'registries'> & Partial<Pick<Answers, 'advanced'>>): SecretField[] {
  const out: SecretField[] = [];
  // Tolerant of unvalidated input: the loader also runs this on a preset that failed validation,
  // so that an unset env: variable is reported together with the other problems.
  const add = (path: KeyPath, label: string, ref: unknown) => { if (typeof ref === 'string' && ref) out.push({ path, label, ref }); };
  add(['chart', 'login', 'password'], 'the chart registry password (license ID)', a.chart?.login?.password);
  add(['registries', 'images', 'pullSecret', 'password'], 'the image registry password', a.registries?.images?.pullSecret?.password);
  add(['registries', 'models', 'password'], 'the model registry password', a.registries?.models?.password);
  add(['registries', 'edge', 'password'], 'the edge registry password', a.registries?.edge?.password);
  add(['registries', 'pypi', 'password'], 'the private PyPI password', a.registries?.pypi?.password);
  const providers = a.advanced?.keycloakProviders;
  (Array.isArray(providers) ? providers : []).forEach((p, i) =>
    add(['advanced', 'keycloakProviders', i, 'clientSecret'], `the client secret of identity provider ${p?.id ?? i}`, p?.clientSecret));
  return out;
}

export function isLiteralSecret(ref: string): boolean {
  return !/^(env|file):/.test(ref);
}
