// Redaction hides secrets and nothing else: weak secrets are not masked (the loader warns),
// word-like ones only where they stand alone, random-looking ones wherever they appear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redactor, weakSecretReason } from '../../src/util/redact.ts';

test('weak secrets are recognised and not registered', () => {
  assert.match(weakSecretReason('abc12')!, /only 5 characters/);
  assert.match(weakSecretReason('wallaroo')!, /common word/);
  assert.match(weakSecretReason('Password')!, /common word/);
  assert.match(weakSecretReason('sunshine')!, /single plain word/);
  assert.match(weakSecretReason('12345678')!, /only digits/);
  assert.match(weakSecretReason('xxxxxxxxxxxxxxx')!, /repeated/);
  assert.equal(weakSecretReason('lic-9f8e7d6c5b4a'), undefined);
  const r = new Redactor();
  assert.equal(r.add('wallaroo'), false);
  assert.equal(r.redact('helm upgrade --install wallaroo --namespace wallaroo'), 'helm upgrade --install wallaroo --namespace wallaroo');
});

test('a random-looking secret is masked wherever it appears, base64 and PEM lines too', () => {
  const r = new Redactor();
  assert.equal(r.add('s3cr3t-9f8e7d'), true);
  assert.equal(r.redact('password=s3cr3t-9f8e7d and x/s3cr3t-9f8e7d.txt'), 'password=*** and x/***.txt');
  assert.equal(r.redact(Buffer.from('s3cr3t-9f8e7d').toString('base64')), '***==');
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
  r.add(pem);
  assert.equal(r.redact('line: MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'), 'line: ***');
});

test('a word-like secret is masked where it stands alone, never inside a path or name', () => {
  const r = new Redactor();
  r.add('wallaroo-values');
  assert.equal(r.redact('password: wallaroo-values'), 'password: ***');
  assert.equal(r.redact('{"password":"wallaroo-values"}'), '{"password":"***"}');
  assert.equal(r.redact('--values /tmp/out/wallaroo-values.yaml'), '--values /tmp/out/wallaroo-values.yaml');
  assert.deepEqual(r.redactDeep({ a: ['x wallaroo-values y'] }), { a: ['x *** y'] });
});
