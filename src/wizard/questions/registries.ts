// Step "registries": online or air gap (image registry, image-values.yaml, pull secret existing or
// created), and the private model registry, edge OCI registry and private PyPI.
import { choice, getIn, EXTRA_REGISTRIES, type Draft, type ExtraRegistry } from '../draft.ts';
import type { Question, WizardContext } from '../question.ts';
import { pathQ, secretPair, selectQ, textQ, yesNoQ } from './common.ts';

const EXTRA_LABELS: Record<ExtraRegistry, { label: string; hint: string }> = {
  models: { label: 'Private model registry', hint: 'models are pulled from it' },
  edge: { label: 'Edge OCI registry', hint: 'pipelines are published to it for edge deployment' },
  pypi: { label: 'Private PyPI', hint: 'Python packages for pipelines and notebooks' },
};

function imageQuestions(d: Draft, c: WizardContext): Question[] {
  const ns = String(getIn(d, ['namespace']) ?? 'wallaroo');
  const mode = choice(d, 'pullSecret');
  const found = c.facts.pullSecrets;
  const qs: Question[] = [
    textQ('registries', d, { path: ['registries', 'images', 'registry'], label: 'Private image registry', placeholder: 'registry.example.com:5000/wallaroo',
      required: 'enter the registry holding the Wallaroo images, host[:port]/namespace', help: 'Where load-images.bash pushed the Wallaroo images: host[:port]/namespace, no https://.' }),
    pathQ('registries', d, c, { path: ['registries', 'images', 'imageValues'], label: 'image-values.yaml (optional)', placeholder: './image-values.yaml',
      help: 'Written by load-images.bash; passed to helm before our values. Leave empty if you have none.' }),
    selectQ('registries', d, {
      id: 'pullSecret', path: ['$', 'pullSecret'], label: 'Image pull secret',
      // A private registry usually wants a login: "create" first, unless the answers say otherwise.
      value: getIn(d, ['$', 'pullSecret']) ?? (getIn(d, ['registries', 'images', 'pullSecret']) ? mode : undefined), default: 'create',
      choices: [
        { value: 'create', label: 'Create it from a user and password', hint: 'a kubernetes.io/dockerconfigjson Secret' },
        { value: 'existing', label: 'Use an existing Secret', hint: `already in namespace ${ns}` },
        { value: 'none', label: 'None', hint: 'the registry allows anonymous pulls' },
      ],
      owns: [],
    }),
  ];
  if (mode === 'existing' || mode === 'create') {
    qs.push(textQ('registries', d, {
      path: ['registries', 'images', 'pullSecret', 'name'], label: 'Pull secret name', default: 'wallaroo-registry',
      suggestions: mode === 'existing' && found.state === 'ok' ? found.value : undefined,
      notes: () => mode === 'existing' && found.state === 'ok'
        ? [{ level: 'info', text: found.value.length ? `dockerconfigjson Secrets in ${ns}: ${found.value.join(', ')}` : `no dockerconfigjson Secret in ${ns} yet` }]
        : [],
    }));
  }
  if (mode === 'create') {
    qs.push(
      textQ('registries', d, { path: ['registries', 'images', 'pullSecret', 'username'], label: 'Registry user', required: 'enter the registry user' }),
      ...secretPair('registries', d, c, { path: ['registries', 'images', 'pullSecret', 'password'], label: 'Registry password', env: 'WALLAROO_REGISTRY_PASSWORD' }),
    );
  }
  return qs;
}

export function registriesQuestions(d: Draft, c: WizardContext): Question[] {
  const airgap = choice(d, 'airgap');
  const qs: Question[] = [yesNoQ('registries', d, {
    path: ['$', 'airgap'], label: 'Where do the Wallaroo images come from?', default: airgap ?? false, owns: [],
    yes: 'Air gap: a private registry', no: 'Online: Wallaroo\'s registries',
  })];
  // yes/no selects list "yes" first; online is the common case, so it goes first here.
  qs[0].choices = [...qs[0].choices!].reverse();
  if (airgap) qs.push(...imageQuestions(d, c));

  const extra = choice(d, 'extraRegistries') ?? [];
  qs.push({
    id: 'extraRegistries', step: 'registries', kind: 'multi', path: ['$', 'extraRegistries'], label: 'Other registries',
    choices: EXTRA_REGISTRIES.map((r) => ({ value: r, ...EXTRA_LABELS[r] })), initial: extra, owns: [],
    display: (x) => ((x as string[] | undefined)?.length ? (x as string[]).map((r) => EXTRA_LABELS[r as ExtraRegistry].label).join(', ') : 'none'),
  });
  if (extra.includes('models')) {
    qs.push(
      textQ('registries', d, { path: ['registries', 'models', 'registry'], label: 'Model registry (host:port)', placeholder: 'models.example.com:443', required: 'enter the model registry as host:port' }),
      textQ('registries', d, { path: ['registries', 'models', 'username'], label: 'Model registry user', required: 'enter the model registry user' }),
      ...secretPair('registries', d, c, { path: ['registries', 'models', 'password'], label: 'Model registry password', env: 'WALLAROO_MODEL_REGISTRY_PASSWORD' }),
    );
  }
  if (extra.includes('edge')) {
    qs.push(
      textQ('registries', d, { path: ['registries', 'edge', 'registry'], label: 'Edge registry (host:port)', placeholder: 'edge.example.com:443', required: 'enter the edge registry as host:port' }),
      textQ('registries', d, { path: ['registries', 'edge', 'repository'], label: 'Edge repository', placeholder: 'wallaroo/edge', required: 'enter the repository pipelines are published to',
        help: 'Some cloud registries need the repository created first.' }),
      textQ('registries', d, { path: ['registries', 'edge', 'username'], label: 'Edge registry user', required: 'enter the edge registry user' }),
      ...secretPair('registries', d, c, { path: ['registries', 'edge', 'password'], label: 'Edge registry password', env: 'WALLAROO_EDGE_REGISTRY_PASSWORD' }),
    );
  }
  if (extra.includes('pypi')) {
    qs.push(
      textQ('registries', d, { path: ['registries', 'pypi', 'url'], label: 'Private PyPI URL', placeholder: 'https://pypi.example.com/simple', required: 'enter the https:// URL of the package index' }),
      textQ('registries', d, { path: ['registries', 'pypi', 'username'], label: 'PyPI user (optional)', help: 'Leave empty for an index without a login.' }),
    );
    if (getIn(d, ['registries', 'pypi', 'username'])) {
      qs.push(...secretPair('registries', d, c, { path: ['registries', 'pypi', 'password'], label: 'PyPI password', env: 'WALLAROO_PYPI_PASSWORD' }));
    }
    qs.push(yesNoQ('registries', d, { path: ['registries', 'pypi', 'onlyPrivate'], label: 'Use only the private index?', default: false,
      yes: 'Yes: never use public PyPI', no: 'No: public PyPI too' }));
  }
  return qs;
}
