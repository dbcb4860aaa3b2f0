import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectDistribution, suggestSizeFromNodes } from '../../src/wallaroo/detect.ts';

const node = (name: string, providerID?: string, labels: Record<string, string> = {}, allocatableCpu = '8') => ({ name, providerID, labels, allocatableCpu });

test('each cloud is recognised by its providerID, with the node named in the reason', () => {
  const cases: [string, string][] = [
    ['aws:///us-east-1a/i-0abc123', 'eks'],
    ['azure:///subscriptions/x/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1/virtualMachines/0', 'aks'],
    ['gce://my-project/us-central1-a/gke-pool-1-abcd', 'gke'],
    ['oci://ocid1.instance.oc1.iad.abc', 'oke'],
    ['ocid1.instance.oc1.phx.anyhqljt', 'oke'],
  ];
  for (const [id, want] of cases) {
    const d = detectDistribution([node('n1', id)]);
    assert.equal(d.distribution, want, id);
    assert.match(d.reason, new RegExp(`node n1: providerID ${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  }
});

test('kURL is recognised by its node label, even on cloud VMs', () => {
  const d = detectDistribution([node('k1', 'aws:///us-east-1a/i-1', { 'kurl.sh/cluster': 'true' })]);
  assert.equal(d.distribution, 'kurl');
  assert.match(d.reason, /label kurl\.sh\/cluster=true/);
});

test('managed-service labels count when providerID is missing; the server version is the last resort', () => {
  assert.equal(detectDistribution([node('a', undefined, { 'cloud.google.com/gke-nodepool': 'pool-1' })]).distribution, 'gke');
  assert.equal(detectDistribution([node('a', undefined, { 'kubernetes.azure.com/role': 'agent' })]).distribution, 'aks');
  assert.equal(detectDistribution([node('a')], 'v1.31.2-eks-7f9249a').distribution, 'eks');
});

test('unsupported platforms and bare clusters are not guessed, and say why', () => {
  const kind = detectDistribution([node('kind-control-plane', 'kind://docker/kind/kind-control-plane')]);
  assert.equal(kind.distribution, undefined);
  assert.match(kind.reason, /looks like kind, which Wallaroo does not support/);
  const bare = detectDistribution([node('a'), node('b')]);
  assert.equal(bare.distribution, undefined);
  assert.match(bare.reason, /no node has a cloud providerID or a kURL label \(2 nodes checked\)/);
  assert.match(detectDistribution([]).reason, /no nodes/);
  assert.match(detectDistribution([node('a')], 'v1.30.4+k3s1').reason, /k3s, which Wallaroo does not support/);
});

test('a mixed cluster goes with the majority and says how many nodes agree', () => {
  const d = detectDistribution([node('a', 'aws:///x/i-1'), node('b', 'aws:///x/i-2'), node('c')]);
  assert.equal(d.distribution, 'eks');
  assert.match(d.reason, /\(2 of 3 nodes\)/);
});

test('size suggestion from allocatable CPU (millicores count)', () => {
  assert.equal(suggestSizeFromNodes([node('a', undefined, {}, '7910m'), node('b', undefined, {}, '7910m')]).size, 8);
  const s16 = suggestSizeFromNodes([node('a', undefined, {}, '8'), node('b', undefined, {}, '8')]);
  assert.equal(s16.size, 16);
  assert.match(s16.reason, /2 nodes with 16 allocatable cores in total/);
  assert.equal(suggestSizeFromNodes(Array.from({ length: 4 }, (_, i) => node(`n${i}`, undefined, {}, '8'))).size, 32);
  const small = suggestSizeFromNodes([node('a', undefined, {}, '4')]);
  assert.equal(small.size, undefined);
  assert.match(small.reason, /only 4 allocatable cores: Wallaroo needs at least 8/);
});
