// Checks TLS certificate + key files before anything touches a cluster: readable, PEM, the key
// belongs to the certificate, the certificate covers the Wallaroo domain and is in date (not
// expired, and already valid: a certificate dated in the future fails every TLS handshake).
import { readInputFile, InputFileError, INPUT_LIMITS } from '../util/read-input.ts';
import { quoteInput, showPath } from '../util/escape.ts';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { Problem } from './problems.ts';

export interface TlsFiles { cert: string; key: string }

export function readTlsFiles(certFile: string, keyFile: string, domain: string, now = new Date()): { files?: TlsFiles; problems: Problem[] } {
  const problems: Problem[] = [];
  const read = (path: string, key: 'certFile' | 'keyFile') => {
    try { return readInputFile(path, { field: `tls.${key}`, limit: INPUT_LIMITS.tlsFile }); } catch (e) {
      if (!(e instanceof InputFileError)) throw e;
      problems.push({ level: 'error', code: 'E_TLS_FILE', path: ['tls', key], message: `tls.${key} ${showPath(path)} cannot be used: ${e.reason}`,
        fix: e.errno === 'ENOENT' ? `correct tls.${key} (relative paths are relative to the preset file)` : e.fix });
    }
  };
  const cert = read(certFile, 'certFile');
  const key = read(keyFile, 'keyFile');
  if (cert === undefined || key === undefined) return { problems };

  let x509: X509Certificate | undefined;
  try { x509 = new X509Certificate(cert); } catch {
    problems.push({ level: 'error', code: 'E_TLS_CERT_INVALID', path: ['tls', 'certFile'], message: `tls.certFile ${certFile} is not a PEM certificate`, fix: 'use the PEM file that starts with -----BEGIN CERTIFICATE-----' });
  }
  let pkey;
  try { pkey = createPrivateKey(key); } catch {
    problems.push({ level: 'error', code: 'E_TLS_KEY_INVALID', path: ['tls', 'keyFile'], message: `tls.keyFile ${keyFile} is not an unencrypted PEM private key`, fix: 'use the PEM key that starts with -----BEGIN PRIVATE KEY----- (decrypt it first if it has a passphrase)' });
  }
  if (x509 && pkey && !x509.checkPrivateKey(pkey)) {
    problems.push({ level: 'error', code: 'E_TLS_KEY_MISMATCH', path: ['tls', 'keyFile'], message: `tls.keyFile does not belong to the certificate in tls.certFile`, fix: 'use the private key the certificate was issued for' });
  }
  if (x509) {
    if (!x509.checkHost(domain)) problems.push({ level: 'warning', code: 'W_TLS_NAME', path: ['tls', 'certFile'], message: `the certificate does not cover ${domain} (subject: ${quoteInput(x509.subject.replace(/\n/g, ', '), 200)})`, fix: 'use a certificate whose CN or SAN names the Wallaroo domain and every service FQDN' });
    const expires = new Date(x509.validTo);
    const starts = new Date(x509.validFrom);
    if (starts > now) problems.push({ level: 'error', code: 'E_TLS_NOT_YET_VALID', path: ['tls', 'certFile'], message: `the certificate is not valid before ${starts.toISOString().replace('.000Z', 'Z')}`, fix: 'check the clock of the machine that issued it (and of this one), or wait until then' });
    else if (expires < now) problems.push({ level: 'error', code: 'E_TLS_EXPIRED', path: ['tls', 'certFile'], message: `the certificate expired on ${expires.toISOString().slice(0, 10)}`, fix: 'renew the certificate' });
    else if (expires.getTime() - now.getTime() < 30 * 86400_000) problems.push({ level: 'warning', code: 'W_TLS_EXPIRES_SOON', path: ['tls', 'certFile'], message: `the certificate expires on ${expires.toISOString().slice(0, 10)}`, fix: 'renew it soon' });
  }
  return { files: problems.some((p) => p.level === 'error') ? undefined : { cert, key }, problems };
}
