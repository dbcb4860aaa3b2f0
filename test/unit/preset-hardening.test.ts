// Hostile and broken presets: YAML bombs and nesting, duplicate keys, real grammars, messages
// without "undefined", escaped control characters, many problems, warnings listed with errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { loadPreset, type PresetResult } from '../../src/config/load-preset.ts';
import { parseYamlInput } from '../../src/config/yaml-input.ts';
import { readTlsFiles } from '../../src/config/tls-files.ts';
import { problemLines, MAX_PRINTED_PROBLEMS } from '../../src/render/problems.ts';
import { answersSchema } from '../../src/config/schema.ts';
import { escapeControl } from '../../src/util/escape.ts';
import { scratchDir, repoRoot } from '../support/tools.ts';
import { baseInput, MINIMAL_PRESET } from '../support/answers.ts';

const GOOD = MINIMAL_PRESET;
const ENV = { LICENSE: 'lic-0123456789abcdef' };

function load(body: string, env: NodeJS.ProcessEnv = ENV): PresetResult {
  const dir = scratchDir('hard');
  const file = join(dir, 'p.yaml');
  writeFileSync(file, body);
  return loadPreset(file, env, dir);
}
function problems(r: PresetResult) {
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems;
}
const codes = (r: PresetResult) => problems(r).map((p) => `${p.code}@${p.path.join('.')}`);

test('a YAML alias bomb is refused; ordinary anchors, aliases and merge keys work', () => {
  const bomb = `${GOOD}a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]
`;
  assert.deepEqual(codes(load(bomb)), ['E_YAML_ALIASES@']);
  assert.match(problems(load(bomb))[0].message, /billion laughs/);
  const anchors = GOOD.replace('distribution: eks', 'distribution: &d eks') + `advanced:
  nodePools:
    general: &pool
      label: { key: example.com/pool, value: general }
      taint: null
    persistent:
      <<: *pool
      label: { key: example.com/pool, value: persistent }
`;
  const r = load(anchors);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.problems));
  assert.equal(r.preset.answers.advanced.nodePools?.persistent?.taint, null, 'merged from the anchor');
  assert.equal(r.preset.answers.advanced.nodePools?.persistent?.label.value, 'persistent', 'own key wins over the merge');
});

test('an alias inside the node it names (data that contains itself) is refused, not walked forever', () => {
  assert.deepEqual(codes(load(`${GOOD}x: &a [1, *a]\n`)), ['E_YAML_ALIASES@']);
  assert.deepEqual(codes(load(`${GOOD}x: &a {b: {c: *a}}\n`)), ['E_YAML_ALIASES@']);
});

test('excessive nesting is refused with exit 2 codes, in flow and block style', () => {
  const flow = parseYamlInput(`a: ${'['.repeat(500_000)}`);
  assert.equal(flow.ok, false);
  if (!flow.ok) assert.equal(flow.problems[0].code, 'E_YAML_TOO_DEEP');
  let block = '';
  for (let i = 0; i < 100; i++) block += `${'  '.repeat(i)}k${i}:\n`;
  const deep = parseYamlInput(block + `${'  '.repeat(100)}v: 1\n`);
  assert.equal(deep.ok, false);
  if (!deep.ok) assert.equal(deep.problems[0].code, 'E_YAML_TOO_DEEP');
  assert.ok(parseYamlInput('a: [[[[1]]]]\n').ok, 'a little nesting is fine');
});

test('duplicate keys are reported where the second one is, with keys as collections refused', () => {
  const r = load(GOOD + 'distribution: aks\n');
  const p = problems(r)[0];
  assert.equal(p.code, 'E_YAML_DUPLICATE_KEY');
  assert.equal(p.line, 11);
  assert.match(p.message, /the key "distribution" appears twice/);
  assert.deepEqual(codes(load(GOOD + '? [a, b]\n: c\n')), ['E_YAML@']);
});

test('a missing required key says it is required and what it takes, never "undefined"', () => {
  const r = load(`apiVersion: wallaroo-install/v1
chart: { channel: 2025-1, version: 2025.1.0-6290 }
advanced:
  nodePools:
    general:
      taint: { key: a }
`);
  const ps = problems(r);
  for (const p of ps) assert.doesNotMatch(`${p.message} ${p.fix}`, /undefined/, `${p.code}: ${p.message} / ${p.fix}`);
  const distro = ps.find((p) => p.path.join('.') === 'distribution')!;
  assert.equal(distro.code, 'E_REQUIRED');
  assert.equal(distro.message, 'distribution is required');
  assert.match(distro.fix, /add distribution: one of aks, eks, gke, oke, kurl/);
  const domain = ps.find((p) => p.path.join('.') === 'domain')!;
  assert.match(domain.fix, /add domain with its keys \(prefix, suffix\)/);
  const label = ps.find((p) => p.path.join('.') === 'advanced.nodePools.general.label')!;
  assert.equal(label.code, 'E_REQUIRED');
  const noApi = problems(load(GOOD.replace('apiVersion: wallaroo-install/v1\n', ''))).find((p) => p.path[0] === 'apiVersion')!;
  assert.equal(noApi.message, 'apiVersion is required');
});

test('top-level typos and enum typos get "did you mean"', () => {
  const ps = problems(load(GOOD.replace('distribution: eks', 'distro: eks\ningress: internl').replace('domain:', 'Domain:')));
  const fix = (k: string) => ps.find((p) => p.path.join('.') === k)!.fix;
  assert.match(fix('distro'), /did you mean "distribution"/);
  assert.match(fix('Domain'), /did you mean "domain"/);
  assert.match(fix('ingress'), /did you mean internal\?/);
});

test('control characters from the input are shown escaped, never raw', () => {
  const r = load(GOOD + '"ev\u001b[31mil\u0007": 1\ningress: "e\u001b]0;pwned\u0007x\u202e"\n');
  const lines = problemLines(problems(r)).join('\n');
  assert.doesNotMatch(lines, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  assert.match(lines, /unknown key "ev\\e\[31mil\\x07"/);
  assert.match(lines, /not the string "e\\e\]0;pwned\\x07x\\u202e"/);
  assert.equal(escapeControl('a\tb\nc\u009b'), 'a\tb\nc\\x9b');
  assert.equal(escapeControl('a\nb', { oneLine: true }), 'a\\nb');
});

test('thousands of problems: the first ones are printed, then a count; the list stays complete', () => {
  const body = GOOD + Array.from({ length: 3000 }, (_, i) => `unknownKey${i}: ${i}`).join('\n') + '\n';
  const ps = problems(load(body));
  assert.equal(ps.length, 3000);
  const lines = problemLines(ps);
  assert.equal(lines.length, MAX_PRINTED_PROBLEMS * 2 + 1);
  assert.equal(lines.at(-1), `... and ${3000 - MAX_PRINTED_PROBLEMS} more (${3000 - MAX_PRINTED_PROBLEMS} errors) not shown; fix these first, or see them all with --json`);
  assert.match(lines[0], /p\.yaml:11:1: unknownKey0: unknown key/);
});

test('warnings are listed together with errors, in one pass', () => {
  const r = load(GOOD.replace('env:LICENSE', 'my-plain-license-id') + 'ingress: external\nsize: 12\n');
  assert.deepEqual(codes(r).sort(), ['E_VALUE@size', 'W_EXTERNAL_INGRESS@ingress', 'W_SECRET_INLINE@chart.login.password'].sort());
});

test('real grammars: env: names, chart version and channel, OCI ref, label keys/values, taints, release names', () => {
  const issues = (over: Record<string, unknown>) => {
    const r = answersSchema.safeParse({ ...baseInput, ...over });
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${(i as { params?: { code?: string } }).params?.code ?? i.code}`);
  };
  const login = (password: string) => ({ chart: { channel: '2025-1', version: '2025.1.0-6290', login: { username: 'u', password } } });
  assert.deepEqual(issues(login('env:1BAD')), ['chart.login.password:E_SECRET_ENV_NAME']);
  assert.deepEqual(issues(login('env:BAD-NAME')), ['chart.login.password:E_SECRET_ENV_NAME']);
  assert.deepEqual(issues(login('env:')), ['chart.login.password:E_SECRET_ENV_NAME']);
  assert.deepEqual(issues(login('file:')), ['chart.login.password:E_SECRET_FILE_PATH']);
  assert.deepEqual(issues(login('env:_Ok_1')), []);
  for (const v of ['2025.1', '2025.1.0.1', 'latest', '01.2.3', '2025.1.0-']) assert.equal(issues({ chart: { channel: '2025-1', version: v } }).length, 1, v);
  for (const v of ['2025.1.0-6290', 'v1.2.3', '1.0.0-rc.1+build.5']) assert.deepEqual(issues({ chart: { channel: '2025-1', version: v } }), [], v);
  for (const c of ['2025 1', 'Stable', '-x', 'a/b']) assert.equal(issues({ chart: { channel: c, version: '1.0.0' } }).length, 1, c);
  assert.deepEqual(issues({ chart: { ref: 'oci://registry.example.com:5000/wallaroo/wallaroo', version: '1.0.0' } }), []);
  for (const ref of ['oci://', 'oci://host/Upper', 'oci://host/x:1.0', 'https://host/x']) assert.equal(issues({ chart: { ref, version: '1.0.0' } }).length, 1, ref);
  const pool = (label: unknown, taint?: unknown) => issues({ advanced: { nodePools: { general: { label, ...(taint === undefined ? {} : { taint }) } } } });
  assert.deepEqual(pool({ key: 'example.com/pool', value: 'general' }), []);
  assert.deepEqual(pool({ key: 'pool', value: '' }), []);
  assert.deepEqual(pool({ key: 'Example.com/pool', value: 'x' }), ['advanced.nodePools.general.label.key:E_LABEL_KEY']);
  assert.deepEqual(pool({ key: 'example.com/', value: 'x' }), ['advanced.nodePools.general.label.key:E_LABEL_KEY']);
  assert.deepEqual(pool({ key: 'a b', value: 'x' }), ['advanced.nodePools.general.label.key:E_LABEL_KEY']);
  assert.deepEqual(pool({ key: 'k', value: 'x'.repeat(64) }), ['advanced.nodePools.general.label.value:too_big']);
  assert.deepEqual(pool({ key: 'k', value: '-x' }), ['advanced.nodePools.general.label.value:invalid_format']);
  assert.deepEqual(pool({ key: 'k', value: 'v' }, { key: 'bad key!', effect: 'NoSchedule' }), ['advanced.nodePools.general.taint.key:E_LABEL_KEY']);
  assert.deepEqual(pool({ key: 'k', value: 'v' }, { key: 'k', effect: 'Sometimes' }), ['advanced.nodePools.general.taint.effect:invalid_value']);
  assert.deepEqual(issues({ release: 'r'.repeat(53) }), []);
  assert.deepEqual(issues({ release: 'r'.repeat(54) }), ['release:too_big']);
  assert.deepEqual(issues({ release: 'wallaroo.prod' }), []);
  assert.deepEqual(issues({ release: 'Wallaroo' }), ['release:invalid_format']);
  const msg = problems(load(GOOD + `release: ${'r'.repeat(60)}\n`)).find((p) => p.path[0] === 'release')!;
  assert.match(msg.message, /at most 53 characters \(helm's limit/);
});

test('a certificate that is not valid yet is an error', () => {
  const crt = join(repoRoot, 'test/fixtures/tls/wallaroo.crt');
  const validFrom = new Date(new X509Certificate(readFileSync(crt)).validFrom);
  const r = readTlsFiles(crt, join(repoRoot, 'test/fixtures/tls/wallaroo.key'), 'wallaroo.example.com', new Date(validFrom.getTime() - 86400_000));
  assert.deepEqual(r.problems.map((p) => `${p.level}:${p.code}`), ['error:E_TLS_NOT_YET_VALID']);
  assert.equal(r.files, undefined);
});

test('TLS files, image-values.yaml and the chart archive go through the safe reader', () => {
  const dir = scratchDir('files');
  const file = join(dir, 'p.yaml');
  writeFileSync(file, GOOD.replace('suffix: example.com', 'suffix: wallaroo.example.com') + 'tls: { certFile: /dev/zero, keyFile: ./tls.key }\n');
  copyFileSync(join(repoRoot, 'test/fixtures/tls/wallaroo.key'), join(dir, 'tls.key'));
  const r = loadPreset(file, ENV, dir);
  assert.deepEqual(problems(r).map((p) => `${p.code}: ${p.message}`), ['E_TLS_FILE: tls.certFile /dev/zero cannot be used: it is a character device']);
  const air = join(dir, 'air.yaml');
  writeFileSync(air, `apiVersion: wallaroo-install/v1
chart: { archive: ./not-a-chart.tgz }
distribution: kurl
ingress: none
domain: { suffix: lab.example.internal }
registries: { images: { registry: reg.example.internal:5000/w, imageValues: /tmp } }
`);
  writeFileSync(join(dir, 'not-a-chart.tgz'), 'hello');
  const a = problems(loadPreset(air, {}, dir)).map((p) => `${p.code}@${p.path.join('.')}`);
  assert.deepEqual(a, ['E_CHART_ARCHIVE@chart.archive', 'E_IMAGE_VALUES@registries.images.imageValues']);
});

test('render mode: an unset env: or missing file: secret is a warning with a placeholder; install mode: an error', () => {
  const body = GOOD + 'registries:\n  models: { registry: m.example.com:5000, username: u, password: file:./missing-pw }\n';
  const install = problems(load(body, {}));
  assert.deepEqual(install.map((p) => p.code).sort(), ['E_SECRET_ENV_UNSET', 'E_SECRET_FILE']);
  const dir = scratchDir('optional');
  writeFileSync(join(dir, 'p.yaml'), body);
  const render = loadPreset(join(dir, 'p.yaml'), {}, dir, { secrets: 'optional' });
  assert.ok(render.ok);
  assert.deepEqual(render.preset.warnings.map((w) => w.code).sort(), ['W_SECRET_ENV_UNSET', 'W_SECRET_FILE']);
  assert.equal(render.preset.secrets.get('registries.models.password'), '<unresolved file:./missing-pw>');
  assert.deepEqual([...render.preset.unresolved].sort(), ['chart.login.password', 'registries.models.password']);
});

test('weak secrets are warned about (they cannot be masked without garbling other text)', () => {
  const r = load(GOOD + 'namespace: team-ml-prod\nregistries:\n  models: { registry: m.example.com:5000, username: u, password: env:MODEL }\n', { ...ENV, MODEL: 'team-ml-prod' });
  assert.ok(r.ok);
  assert.deepEqual(r.preset.warnings.map((w) => `${w.code}@${w.path.join('.')}`), ['W_SECRET_WEAK@registries.models.password']);
  assert.match(r.preset.warnings[0].message, /it also appears in the preset as namespace/);
  assert.deepEqual([...r.preset.unmaskable], ['registries.models.password']);
  const word = load(GOOD, { LICENSE: 'wallaroo' });
  assert.ok(word.ok);
  assert.match(word.preset.warnings[0].message, /common word/);
});

test('a secret of the wrong type (a number, say) is named by key and kind, never shown', () => {
  const body = GOOD.replace(/password: .*/, 'password: 987654321098765432');
  assert.notEqual(body, GOOD);
  const ps = problems(load(body));
  const p = ps.find((x) => x.path.join('.') === 'chart.login.password');
  assert.ok(p, JSON.stringify(ps));
  assert.equal(p.code, 'E_TYPE');
  assert.match(p.message, /must be a string, not a number \(its value not shown: it is a secret\)/);
  assert.match(p.fix, /env:NAME .* file:PATH/);
  for (const line of problemLines(ps, 'p.yaml')) assert.doesNotMatch(line, /98765/);
  const client = load(`${GOOD}advanced:\n  keycloakProviders:\n    - { id: corp, clientId: c, clientSecret: 3.14159265358979 }\n`);
  const q = problems(client).find((x) => x.path.join('.') === 'advanced.keycloakProviders.0.clientSecret');
  assert.ok(q);
  assert.doesNotMatch(`${q.message} ${q.fix}`, /3\.14/);
});

test('an alias with no anchor before it is named, at its line, not taken for an alias bomb', () => {
  const ps = problems(load(`${GOOD}extra: *nope\n`));
  assert.equal(ps.length, 1);
  assert.equal(ps[0].code, 'E_YAML');
  assert.match(ps[0].message, /the alias "\*nope" names no anchor "&nope" set before it/);
  assert.equal(ps[0].line, GOOD.split('\n').length);
});

test('a domain that is not a DNS name says which way: too long, a label too long, upper-case, or not a name at all', () => {
  const msg = (suffix: string) => problems(load(GOOD.replace(/suffix: .*/, `suffix: "${suffix}"`))).find((p) => p.path.join('.') === 'domain.suffix')!.message;
  assert.match(msg(`${'a'.repeat(10)}${`.${'b'.repeat(10)}`.repeat(24)}`), /must be at most 253 characters long, the limit of a DNS name \(it has 274\)/);
  assert.match(msg(`${'x'.repeat(70)}.com`), /a label .* longer than 63 characters/);
  assert.match(msg('Example.COM'), /must be lower-case: example\.com/);
  assert.match(msg('not a domain!'), /must be a lower-case DNS name such as wallaroo\.example\.com/);
});
