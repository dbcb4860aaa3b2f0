// How the plan, the result and what is left read in plain text, and why a leftover stayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planUninstall } from '../../src/flows/uninstall/plan.ts';
import { planLines, resultLines, progressLine } from '../../src/render/uninstall.ts';
import { whyStillThere } from '../../src/flows/uninstall/verify.ts';
import { sampleInventory } from '../support/uninstall-inventory.ts';

test('the plan prints in groups, each object with what happens to it, ASCII only', () => {
  const lines = planLines(planUninstall(sampleInventory(), { purge: false, noHooks: false, timeoutMs: 300_000 })).join('\n');
  assert.match(lines, /^Uninstall plan for release wallaroo in namespace wallaroo$/m);
  assert.match(lines, /^Release objects \(8\): helm uninstall deletes them$/m);
  assert.match(lines, /^ {2}helm {3}Deployment \(5\): api-lb, engine, keycloak, plateau, postgres$/m);
  assert.match(lines, /^ {2}helm {3}ConfigMap \(1\): wallaroo-config \[1 already gone\]$/m);
  assert.match(lines, /^Data: 2 claims, 150Gi: kept \(--purge deletes them\)$/m);
  assert.match(lines, /^ {2}keep {3}PersistentVolumeClaim plateau-managed-disk \(namespace wallaroo\): 100Gi, storage class wallaroo-standard, Bound; in the release: helm is told to keep it$/m);
  assert.match(lines, /^ {2}skip {3}Namespace shop-12 - its name looks like a pipeline namespace/m);
  assert.match(lines, /^ {2}keep {3}CustomResourceDefinition pipelines\.wallaroo\.ai: 2 Pipeline custom resources left$/m);
  assert.match(lines, /^ {2}DNS record wallaroo\.example\.com CNAME internal-wallaroo\.elb\.amazonaws\.com: remove it from your DNS$/m);
  assert.match(lines, /hook: helm runs the uninstall hook first \(Job\/wallaroo-uninstall\)/);
  assert.ok(/^[\x20-\x7e\n]*$/.test(lines), 'ASCII only');
});

test('the result: a clean bill, or what is left and why; what was kept; DNS records to remove', () => {
  const base = { release: 'wallaroo', namespace: 'wallaroo', mode: 'keep' as const, helm: 'uninstalled' as const, removed: [{ apiVersion: 'v1', kind: 'Service', name: 'api-lb-ext', namespace: 'wallaroo' }],
    kept: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'minio', namespace: 'wallaroo', reason: 'data: kept (--purge deletes it)' }], skipped: [],
    dnsRecords: [{ name: 'wallaroo.example.com', type: 'A' as const, value: '10.0.0.9' }] };
  const clean = resultLines({ ...base, left: [], clean: true, cancelled: false }).join('\n');
  assert.match(clean, /nothing of Wallaroo's is left beyond what was kept on purpose/);
  assert.match(clean, /Removed: 1 object \(with helm uninstall\)\./);
  assert.match(clean, /kept {2}PersistentVolumeClaim\/minio \(namespace wallaroo\): data: kept/);
  assert.match(clean, /These DNS records now point at nothing; remove them:\n {2}wallaroo\.example\.com A 10\.0\.0\.9/);
  const left = resultLines({ ...base, left: [{ apiVersion: 'v1', kind: 'Namespace', name: 'task-1', reason: 'namespace stuck Terminating: Discovery failed' }], clean: false, cancelled: false }).join('\n');
  assert.match(left, /but 1 object is still there:\n {2}left {2}Namespace\/task-1: namespace stuck Terminating: Discovery failed/);
  const stopped = resultLines({ ...base, left: [], clean: false, cancelled: true }).join('\n');
  assert.match(stopped, /stopped before the end: 1 object removed so far\.\n {2}removed {2}Service\/api-lb-ext \(namespace wallaroo\)/);
  assert.doesNotMatch(stopped, /DNS records/);
  assert.equal(progressLine({ object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'n' }, outcome: 'gone' }), undefined, 'already-gone objects only in --verbose');
});

test('why an object is still there, from the object itself', () => {
  const ns = { kind: 'Namespace', metadata: { name: 'houseprice-28', deletionTimestamp: '2026-01-01T00:00:00Z' }, spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Terminating', conditions: [
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', message: 'All resources successfully discovered' },
      { type: 'NamespaceFinalizersRemaining', status: 'True', message: 'Some content in the namespace has finalizers remaining: wallaroo.ai/cleanup in 1 resource instances' },
    ] } };
  assert.equal(whyStillThere(ns), 'namespace stuck Terminating: Some content in the namespace has finalizers remaining: wallaroo.ai/cleanup in 1 resource instances');
  assert.equal(whyStillThere({ kind: 'Namespace', metadata: { name: 'x', deletionTimestamp: 't' }, spec: { finalizers: ['kubernetes'] } }), 'namespace stuck Terminating (finalizers kubernetes)');
  assert.equal(whyStillThere({ kind: 'ConfigMap', metadata: { name: 'c', deletionTimestamp: 't', finalizers: ['a/b', 'c/d'] } }), 'Terminating, held by finalizers a/b, c/d');
  assert.equal(whyStillThere({ kind: 'CustomResourceDefinition', metadata: { name: 'x', deletionTimestamp: 't', finalizers: ['customresourcecleanup.apiextensions.k8s.io'] },
    status: { conditions: [{ type: 'Terminating', status: 'True', message: 'CustomResource deletion is in progress' }] } }), 'Terminating: CustomResource deletion is in progress (finalizer customresourcecleanup.apiextensions.k8s.io)');
  assert.equal(whyStillThere({ kind: 'ClusterRole', metadata: { name: 'x' } }, 'HTTP 403: forbidden'), 'the delete was refused: HTTP 403: forbidden');
  assert.equal(whyStillThere({ kind: 'ClusterRole', metadata: { name: 'x' } }), 'still there: not deleted yet');
});
