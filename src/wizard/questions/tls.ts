// Step "tls": none, an existing kubernetes.io/tls Secret picked from the namespace, or certificate
// and key files, checked as they are typed by the preset loader's own TLS check.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { choice, getIn, toAnswersInput, type Draft } from '../draft.ts';
import type { Note, Question, WizardContext } from '../question.ts';
import { pathQ, selectQ, textQ } from './common.ts';
import { tlsFileProblems } from '../validate.ts';

const DAY = 86_400_000;

/** The checks of src/config/tls-files.ts as lines, and what the certificate is when it passes. */
export function tlsFileNotes(d: Draft, now = new Date()): Note[] {
  const input = toAnswersInput(d) as Record<string, any>;
  const cert = input.tls?.certFile;
  if (typeof cert !== 'string' || !cert) return [];
  const problems = tlsFileProblems(input);
  const notes: Note[] = problems.map((p) => ({ level: p.level === 'error' ? 'error' : 'warn', text: p.message }));
  if (!problems.some((p) => p.level === 'error')) {
    try {
      const x = new X509Certificate(readFileSync(cert));
      const days = Math.floor((new Date(x.validTo).getTime() - now.getTime()) / DAY);
      const names = x.subjectAltName?.replace(/DNS:/g, '') ?? x.subject.replace(/\n/g, ', ');
      notes.unshift({ level: 'ok', text: `certificate for ${names}; valid until ${new Date(x.validTo).toISOString().slice(0, 10)} (${days} days)${input.tls.keyFile ? '; the key matches' : ''}` });
    } catch { /* the check above already said what is wrong */ }
  }
  return notes;
}

export function tlsQuestions(d: Draft, c: WizardContext): Question[] {
  const mode = choice(d, 'tlsMode');
  const ns = String(getIn(d, ['namespace']) ?? 'wallaroo');
  const qs: Question[] = [selectQ('tls', d, {
    id: 'tlsMode', path: ['$', 'tlsMode'], label: 'TLS certificate', value: mode,
    choices: [
      { value: 'none', label: 'The chart\'s own certificate', hint: 'self-signed; browsers will warn' },
      { value: 'secret', label: 'An existing TLS Secret', hint: `a kubernetes.io/tls Secret in namespace ${ns}` },
      { value: 'files', label: 'Certificate and key files', hint: 'PEM files; the installer creates the Secret' },
    ],
    owns: [],
  })];
  if (mode === 'secret') {
    const found = c.facts.tlsSecrets;
    const names = found.state === 'ok' ? found.value : [];
    qs.push(textQ('tls', d, {
      path: ['tls', 'secret'], label: 'TLS Secret name', suggestions: names, required: 'enter the name of the kubernetes.io/tls Secret',
      notes: (x) => {
        const v = getIn(x, ['tls', 'secret']);
        if (found.state === 'loading') return [{ level: 'busy', text: `looking for TLS Secrets in ${ns}…` }];
        if (found.state === 'error') return [{ level: 'warn', text: `cannot list Secrets in ${ns}: ${found.reason}` }];
        if (found.state !== 'ok') return [{ level: 'info', text: 'no cluster to list Secrets from: the install checks that it exists' }];
        const list: Note = { level: 'info', text: names.length ? `TLS Secrets in ${ns}: ${names.join(', ')}` : `no kubernetes.io/tls Secret in ${ns} yet` };
        return v && !names.includes(String(v))
          ? [list, { level: 'warn', text: `${v} is not in ${ns}: create it before installing (preflight checks it: PF_SECRET_EXISTS)` }]
          : [list];
      },
    }));
  } else if (mode === 'files') {
    qs.push(
      pathQ('tls', d, c, { path: ['tls', 'certFile'], label: 'Certificate file (PEM, with its chain)', placeholder: './wallaroo.crt', required: 'enter the path of the certificate file', notes: tlsFileNotes }),
      pathQ('tls', d, c, { path: ['tls', 'keyFile'], label: 'Private key file (PEM, unencrypted)', placeholder: './wallaroo.key', required: 'enter the path of the key file', notes: tlsFileNotes }),
    );
  }
  return qs;
}
