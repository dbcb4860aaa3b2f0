// Steps "distribution" (detected from the nodes, with the reason), "ingress" and "domain" (with
// a live preview of every FQDN for the chosen chart version).
import { basename } from 'node:path';
import { DISTRIBUTIONS, DISTRO } from '../../wallaroo/distributions.ts';
import { endpoints, routingForChartVersion, baseDomain } from '../../wallaroo/domain.ts';
import { getIn, toAnswersInput, type Draft } from '../draft.ts';
import type { Note, Question, WizardContext } from '../question.ts';
import { selectQ, textQ } from './common.ts';

export function detectedDistribution(c: WizardContext): { value?: string; note: Note } {
  const n = c.facts.nodes;
  if (n.state === 'ok') {
    const det = n.value.detection;
    return det.distribution
      ? { value: det.distribution, note: { level: 'ok', text: `detected ${det.distribution}: ${det.reason}` } }
      : { note: { level: 'warn', text: `not detected: ${det.reason}` } };
  }
  if (n.state === 'loading') return { note: { level: 'busy', text: 'looking at the nodes…' } };
  if (n.state === 'error') return { note: { level: 'warn', text: `cannot read the nodes: ${n.reason}` } };
  return { note: { level: 'info', text: 'no cluster to detect it from' } };
}

export function distributionQuestions(d: Draft, c: WizardContext): Question[] {
  const det = detectedDistribution(c);
  return [selectQ('distribution', d, {
    path: ['distribution'], label: 'Kubernetes distribution',
    choices: DISTRIBUTIONS.map((x) => ({ value: x, label: `${x.padEnd(5)} ${DISTRO[x].label}`, hint: x === det.value ? 'detected' : undefined })),
    // Not detected: no default pretends to know (the list starts at its top).
    default: det.value,
    notes: () => [det.note],
    display: (x) => String(x ?? '(not set)'),
  })];
}

export function ingressQuestions(d: Draft): Question[] {
  return [selectQ('ingress', d, {
    path: ['ingress'], label: 'How is Wallaroo reached?',
    choices: [
      // What matters first (recommended, discouraged) leads: a hint cut at 80 columns keeps it.
      { value: 'internal', label: 'internal', hint: 'recommended: a private load balancer, reached by DNS name on your network' },
      { value: 'external', label: 'external', hint: 'discouraged: an Internet-facing load balancer, public IP and public DNS' },
      { value: 'none', label: 'none', hint: 'no load balancer: reach it with kubectl port-forward' },
    ],
    default: 'internal',
    display: (x) => String(x ?? 'internal'),
  })];
}

/** The chart version the answers point at (for the domain model), as the plan derives it. */
export function chartVersionOf(d: Draft): string | undefined {
  const chart = toAnswersInput(d).chart as Record<string, string> | undefined;
  return chart?.archive ? basename(chart.archive) : chart?.version;
}

export function fqdnPreview(d: Draft): Note[] {
  const suffix = getIn(d, ['domain', 'suffix']);
  if (typeof suffix !== 'string' || !suffix) return [{ level: 'info', text: 'the names appear here as you type' }];
  const domain = { prefix: String(getIn(d, ['domain', 'prefix']) ?? ''), suffix };
  const version = chartVersionOf(d);
  const forced = getIn(d, ['advanced', 'domainRouting']) as 'paths' | 'subdomains' | undefined;
  const routing = forced ?? routingForChartVersion(version);
  const why = forced ? `advanced.domainRouting: ${forced}` : `chart ${version ?? '(version not set)'}: ${routing === 'paths' ? 'one name, path routing (Wallaroo 2024.2 and later)' : 'a name per service (before 2024.2)'}`;
  return [
    { level: 'info', text: `${baseDomain(domain)} · ${why}` },
    ...endpoints(domain, routing).map((e) => ({ level: 'info' as const, text: `  ${e.service.padEnd(10)} ${e.url}` })),
  ];
}

export function domainQuestions(d: Draft): Question[] {
  return [
    textQ('domain', d, { path: ['domain', 'suffix'], label: 'Domain suffix', placeholder: 'example.com',
      help: 'The DNS domain Wallaroo is served under; you create its DNS records after the install.', notes: fqdnPreview }),
    textQ('domain', d, { path: ['domain', 'prefix'], label: 'Domain prefix (optional)', placeholder: 'wallaroo',
      help: 'One DNS label put in front: wallaroo + example.com gives wallaroo.example.com.', notes: fqdnPreview,
      parse: (t) => ({ value: t.trim() }), display: (x) => (x ? String(x) : '(none)') }),
  ];
}
