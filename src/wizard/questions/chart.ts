// Step "chart": the Replicated channel + version + license (masked), an oci:// reference, or a
// local chart archive for an air gap.
import { choice, type Draft } from '../draft.ts';
import type { Note, Question, WizardContext } from '../question.ts';
import { pathQ, secretPair, selectQ, textQ, yesNoQ } from './common.ts';
import { REPLICATED_REGISTRY } from '../../flows/plan.ts';

function installedNote(c: WizardContext): Note[] {
  const r = c.facts.release.state === 'ok' ? c.facts.release.value : undefined;
  return r?.exists ? [{ level: 'info', text: `installed now: ${r.chart} (revision ${r.revision})` }] : [];
}

export function chartQuestions(d: Draft, c: WizardContext): Question[] {
  const src = choice(d, 'chartSource');
  const qs: Question[] = [selectQ('chart', d, {
    id: 'chartSource', path: ['$', 'chartSource'], label: 'Where does the Wallaroo chart come from?',
    value: src,
    choices: [
      { value: 'replicated', label: 'Replicated registry', hint: `channel + version + license ID (${REPLICATED_REGISTRY})` },
      { value: 'oci', label: 'Another OCI registry', hint: 'an oci:// reference, e.g. a private mirror' },
      { value: 'archive', label: 'A local chart archive', hint: 'air gap: the wallaroo-<version>.tgz you copied here' },
    ],
    owns: [],
  })];
  const login = (user: string, help: string) => {
    const q = [textQ('chart', d, { path: ['chart', 'login', 'username'], label: user, help })];
    if (d.chart && (d.chart as any).login?.username) {
      q.push(...secretPair('chart', d, c, { path: ['chart', 'login', 'password'], label: src === 'replicated' ? 'License ID' : 'Registry password', env: 'WALLAROO_LICENSE_ID' }));
    }
    return q;
  };
  if (src === 'replicated') {
    qs.push(
      textQ('chart', d, { path: ['chart', 'channel'], label: 'Release channel', placeholder: '2025-1', required: 'enter the channel from your license, e.g. 2025-1',
        help: 'From your Wallaroo license (also in the Replicated download portal).' }),
      textQ('chart', d, { path: ['chart', 'version'], label: 'Chart version', placeholder: '2025.1.0-6290', required: 'enter the chart version from your license, e.g. 2025.1.0-6290',
        notes: () => installedNote(c) }),
      ...login('License email (registry user)', 'Leave empty if `helm registry login registry.replicated.com` was already done on this machine.'),
    );
  } else if (src === 'oci') {
    qs.push(
      textQ('chart', d, { path: ['chart', 'ref'], label: 'Chart reference', placeholder: 'oci://registry.example.com/wallaroo/wallaroo', required: 'enter the oci:// reference of the chart' }),
      textQ('chart', d, { path: ['chart', 'version'], label: 'Chart version', placeholder: '2025.1.0-6290', required: 'enter the chart version', notes: () => installedNote(c) }),
      yesNoQ('chart', d, { path: ['$', 'chartLogin'], label: 'Does the registry need a login?', default: choice(d, 'chartLogin') ?? false, yes: 'Yes: user and password', no: 'No (public, or already logged in)', owns: [] }),
    );
    if (choice(d, 'chartLogin')) qs.push(...login('Registry user', 'The password is asked next, masked.'));
  } else {
    qs.push(pathQ('chart', d, c, { path: ['chart', 'archive'], label: 'Chart archive', placeholder: './wallaroo-2025.1.0-6290.tgz', required: 'enter the path of the chart archive (.tgz) or chart folder',
      notes: () => installedNote(c) }));
  }
  return qs;
}
