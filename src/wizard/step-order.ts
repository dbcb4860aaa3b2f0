// The wizard's steps in order, with their titles: the part of the step definitions the first
// frame needs (before the questions and the schema have loaded). steps.ts adds the behaviour.
import type { StepId } from './question.ts';

export const STEP_ORDER: { id: StepId; title: string; onlyWhen?: string }[] = [
  { id: 'cluster', title: 'Cluster' },
  { id: 'existing', title: 'Existing release', onlyWhen: 'the release exists' },
  { id: 'chart', title: 'Chart' },
  { id: 'distribution', title: 'Distribution' },
  { id: 'ingress', title: 'Ingress' },
  { id: 'domain', title: 'Domain' },
  { id: 'tls', title: 'TLS' },
  { id: 'registries', title: 'Registries' },
  { id: 'size', title: 'Size and services' },
  { id: 'advanced', title: 'Advanced' },
  { id: 'review', title: 'Review' },
  { id: 'install', title: 'Install' },
  { id: 'done', title: 'Done' },
];

/** Steps shown when nothing conditional applies (the first frame's "of n"). */
export const ALWAYS_SHOWN = STEP_ORDER.filter((s) => !s.onlyWhen).length;

/** The first question, as the first frame shows it while the kubeconfig is read. */
export const FIRST_QUESTION = { label: 'Kubernetes cluster (kubeconfig context)', busy: 'reading the kubeconfig…' };
