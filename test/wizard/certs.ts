// Certificates made for a test with openssl: for example one that expires in a few days.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const haveOpenssl = spawnSync('openssl', ['version']).status === 0;

/** A self-signed certificate and key for `cn`, valid from now for `days` days. */
export function makeCert(dir: string, name: string, cn: string, days: number): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
    '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn}`, '-days', String(days)], { stdio: 'pipe' });
  return { cert, key };
}
