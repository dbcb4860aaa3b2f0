// The real syntax of the names and versions a preset holds, so that a bad one is refused with
// the rule it breaks before helm or the API server refuses it halfway through an install.
import * as z from 'zod';
import { quoteInput } from '../util/escape.ts';

/** A POSIX environment variable name, as `env:NAME` must give. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A secret: `env:NAME`, `file:PATH`, or the literal value (works, but warns). */
export const secretRef = z
  .string()
  .min(1, 'must not be empty')
  .superRefine((v, ctx) => {
    if (v.startsWith('env:') && !ENV_NAME.test(v.slice(4))) {
      ctx.addIssue({ code: 'custom', message: `env:${v.slice(4) ? ` ${quoteInput(v.slice(4))}` : ''} is not an environment variable name`,
        params: { code: 'E_SECRET_ENV_NAME', fix: 'write env:NAME with a name of letters, digits and _, not starting with a digit, e.g. env:WALLAROO_LICENSE_ID' } });
    } else if (v.startsWith('file:') && !v.slice(5).trim()) {
      ctx.addIssue({ code: 'custom', message: 'file: names no file', params: { code: 'E_SECRET_FILE_PATH', fix: 'write file:PATH, e.g. file:./license.txt (relative to the preset)' } });
    } else if (v.includes('\0')) {
      ctx.addIssue({ code: 'custom', message: 'contains a NUL character', params: { code: 'E_VALUE', fix: 'remove it' } });
    }
  })
  // For editors: the same rule as the refinement above, as a JSON Schema pattern.
  .meta({ description: 'A secret: env:NAME (read from the environment), file:PATH (read from a file), or the value itself (discouraged: it warns).',
    pattern: '^(env:[A-Za-z_][A-Za-z0-9_]*|file:.*\\S.*|(?!env:|file:).+)$' });

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** helm's own rule for release names (pkg/chartutil): DNS-1123 subdomain-like, at most 53. */
export const releaseName = z
  .string()
  .max(53, 'must be at most 53 characters (helm\'s limit for release names)')
  .regex(new RegExp(`^${DNS_LABEL}(\\.${DNS_LABEL})*$`), 'must be a helm release name: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit');

/** A chart version: SemVer 2 as helm requires (an optional leading v), e.g. 2025.1.0-6290. */
export const chartVersion = z
  .string()
  .regex(/^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/,
    'must be a chart version (SemVer) such as 2025.1.0-6290, as given with your license');

/** An OCI repository path component (distribution spec): the channel becomes one. */
const OCI_COMPONENT = '[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*';
export const channel = z
  .string()
  .regex(new RegExp(`^${OCI_COMPONENT}$`), 'must be a release channel name such as 2025-1 or stable: lower-case letters and digits, joined by "-", "." or "_"');

const HOST = '[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?';
/** oci://host[:port]/path, without a tag or digest (the version is chart.version). */
export const ociRef = z
  .string()
  .regex(new RegExp(`^oci://${HOST}(/${OCI_COMPONENT})+$`), 'must be an OCI chart reference such as oci://registry.example.com/wallaroo/wallaroo, without a :tag (set chart.version instead)');

const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(\\.${DNS_LABEL})*$`);

/** Why `key` is not a Kubernetes label key (or taint key): [prefix/]name. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !DNS_SUBDOMAIN.test(prefix)) return `its prefix ${quoteInput(prefix)} must be a lower-case DNS name such as wallaroo.ai`;
  if (!name) return 'it has no name after the prefix';
  if (name.length > 63) return 'its name part is longer than 63 characters';
  if (!QUALIFIED_NAME.test(name)) return 'its name part may hold only letters, digits, "-", "_" and ".", and must start and end with a letter or digit';
  return undefined;
}

export const labelKey = z.string().min(1, 'must not be empty').superRefine((v, ctx) => {
  const p = labelKeyProblem(v);
  if (p) ctx.addIssue({ code: 'custom', message: `${quoteInput(v)} is not a Kubernetes label key: ${p}`, params: { code: 'E_LABEL_KEY', fix: 'use [prefix/]name, e.g. wallaroo.ai/node-purpose' } });
}).meta({ pattern: `^(${DNS_LABEL}(\\.${DNS_LABEL})*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`, maxLength: 317 });

/** A label value (also a taint value): empty, or up to 63 of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export const labelValue = z
  .string()
  .max(63, 'must be at most 63 characters (a Kubernetes label value)')
  .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, 'must be a Kubernetes label value: letters, digits, "-", "_" and ".", starting and ending with a letter or digit');
