import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIZING_TABLE, sizingDefaults, suggestSize, helmTimeoutFor } from '../../src/wallaroo/sizing.ts';
import { unresolvedKeyMap } from '../../src/wallaroo/key-map.ts';
import { buildHelmValues } from '../../src/wallaroo/values.ts';
import { answers } from '../support/answers.ts';

// The contract's table, transcribed by hand: service → [8, 16, 32].
const CONTRACT: Record<string, [boolean, boolean, boolean]> = {
  'Inference engine': [true, true, true],
  Dashboard: [true, true, true],
  'JupyterHub: single lab': [true, true, true],
  'JupyterHub: multiple labs': [false, true, true],
  Prometheus: [true, true, true],
  Alerting: [false, true, true],
  'Model validation': [false, true, true],
  'Dashboard graphs': [true, true, true],
  'Plateau (inference-log store)': [false, true, true],
  'Model insights': [false, true, true],
  'Model conversion': [true, true, true],
};

test('the sizing table reproduces the contract exactly', () => {
  assert.deepEqual(Object.fromEntries(SIZING_TABLE.map((r) => [r.label, [r.on[8], r.on[16], r.on[32]]])), CONTRACT);
});

// Each row maps to one values key; checked through the values builder for every size.
const VALUE_OF: Record<string, (v: any) => boolean> = {
  'Inference engine': (v) => v.engine.enabled,
  Dashboard: (v) => v.dashboard.enabled,
  'JupyterHub: single lab': (v) => v.jupyter.enabled,
  'JupyterHub: multiple labs': (v) => v.jupyter.multipleLabs,
  Prometheus: (v) => v.prometheus.enabled,
  Alerting: (v) => v.alerting.enabled,
  'Model validation': (v) => v.modelValidation.enabled,
  'Dashboard graphs': (v) => v.grafana.enabled,
  'Plateau (inference-log store)': (v) => v.plateau.enabled,
  'Model insights': (v) => v.assays.enabled,
  'Model conversion': (v) => v.modelConversion.enabled,
};

for (const [i, size] of ([8, 16, 32] as const).entries()) {
  test(`values for size ${size} follow the table`, () => {
    const v = buildHelmValues(answers({ size }), unresolvedKeyMap(), { secretsIn: 'kubernetes', secrets: new Map() });
    for (const [label, row] of Object.entries(CONTRACT)) assert.equal(VALUE_OF[label](v), row[i], `${label} at ${size} cores`);
  });
}

test('every toggle stays overridable', () => {
  const v: any = buildHelmValues(answers({ size: 8, services: { alerting: true, plateau: true } }), unresolvedKeyMap(), { secretsIn: 'kubernetes', secrets: new Map() });
  assert.equal(v.alerting.enabled, true);
  assert.equal(v.plateau.enabled, true);
  const w: any = buildHelmValues(answers({ size: 32, services: { dashboard: false } }), unresolvedKeyMap(), { secretsIn: 'kubernetes', secrets: new Map() });
  assert.equal(w.dashboard.enabled, false);
});

test('size suggestion from cores, and helm timeout per size', () => {
  assert.equal(suggestSize(7), undefined);
  assert.equal(suggestSize(8), 8);
  assert.equal(suggestSize(20), 16);
  assert.equal(suggestSize(64), 32);
  assert.equal(helmTimeoutFor(8), '10m');
  assert.equal(helmTimeoutFor(16), '15m');
  assert.deepEqual(sizingDefaults(8).multipleLabs, false);
});
