// Writing files: exclusive temporary files renamed into place, removed on failure, never over
// an input or a file we did not write (without force), and no writing into pseudo-filesystems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { writeFileSync, readFileSync, readdirSync, statSync, symlinkSync, mkdirSync, lstatSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';
import { writePrivateFile, prepareOutputDir, checkWriteTarget, fileHolds } from '../../src/util/files.ts';
import { readInputFile, INPUT_LIMITS } from '../../src/util/read-input.ts';
import { FlowError } from '../../src/util/flow-error.ts';
import { scratchDir } from '../support/tools.ts';

function refused(fn: () => unknown, re: RegExp): FlowError {
  try { fn(); } catch (e) {
    assert.ok(e instanceof FlowError, String(e));
    assert.equal(e.exitCode, 2, e.cause_);
    assert.match(e.cause_, re);
    return e;
  }
  assert.fail('expected a refusal');
}

const OURS = '# Helm values for Wallaroo, written by wallaroo-install 0.1.0 from preset p.yaml\na: 1\n';

test('a new file is 0600 from the first byte, whatever the umask, and appears whole', () => {
  const dir = scratchDir('write');
  const old = process.umask(0);
  try { writePrivateFile(join(dir, 'v.yaml'), OURS); } finally { process.umask(old); }
  assert.equal(statSync(join(dir, 'v.yaml')).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(dir, 'v.yaml'), 'utf8'), OURS);
  assert.deepEqual(readdirSync(dir), ['v.yaml'], 'no temporary file left behind');
});

test('a missing folder is created 0700; a folder of the same name as the target is refused', () => {
  const dir = scratchDir('mkdir');
  writePrivateFile(join(dir, 'a', 'b', 'v.yaml'), OURS);
  assert.equal(statSync(join(dir, 'a', 'b')).mode & 0o777, 0o700);
  mkdirSync(join(dir, 'v.yaml'));
  refused(() => writePrivateFile(join(dir, 'v.yaml'), OURS), /a folder of that name exists/);
});

test('where the user chose the place, a file the tool did not write is replaced only with force; our own files are', () => {
  const dir = scratchDir('foreign');
  const f = join(dir, 'wallaroo-values.yaml');
  writeFileSync(f, 'my notes\n');
  const e = refused(() => writePrivateFile(f, OURS, { keepForeign: true, flag: '--output' }), /will not replace .*wallaroo-values\.yaml: it exists and was not written by wallaroo-install/);
  assert.match(e.fix, /--force/);
  assert.equal(readFileSync(f, 'utf8'), 'my notes\n', 'left untouched');
  writePrivateFile(f, OURS, { keepForeign: true, force: true });
  assert.equal(readFileSync(f, 'utf8'), OURS);
  writePrivateFile(f, OURS.replace('a: 1', 'a: 2'), { keepForeign: true });
  assert.match(readFileSync(f, 'utf8'), /a: 2/, 'a file with our header is ours to replace');
  const state = join(dir, 'run.json');
  writeFileSync(state, '{"pid":1}');
  writePrivateFile(state, '{"pid":2}');
  assert.equal(readFileSync(state, 'utf8'), '{"pid":2}', 'our own state files (no keepForeign) are simply replaced');
});

test('a symlink at the target is replaced, never followed: the file it points to stays as it was', () => {
  const dir = scratchDir('symlink');
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, join(dir, 'v.yaml'));
  refused(() => writePrivateFile(join(dir, 'v.yaml'), OURS, { keepForeign: true }), /was not written by wallaroo-install/);
  writePrivateFile(join(dir, 'v.yaml'), OURS, { keepForeign: true, force: true });
  assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
  assert.ok(lstatSync(join(dir, 'v.yaml')).isFile());
});

test('an input of this run (the preset) is never replaced, not even with force', () => {
  const dir = scratchDir('input');
  const preset = join(dir, 'wallaroo-values.yaml');
  writeFileSync(preset, OURS);
  readInputFile(preset, { field: 'the preset', limit: INPUT_LIMITS.preset });
  refused(() => writePrivateFile(preset, 'x', { force: true }), /it is an input of this run/);
  assert.equal(readFileSync(preset, 'utf8'), OURS);
});

test('when writing fails after the temporary file exists, it is removed (no secret left behind)', () => {
  const dir = scratchDir('fail');
  const rename = fs.renameSync;
  fs.renameSync = () => { throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' }); };
  syncBuiltinESMExports();
  try {
    assert.throws(() => writePrivateFile(join(dir, 'secrets.yaml'), 'password: hunter2-secret\n'), (e: unknown) => e instanceof FlowError && /cannot write/.test(e.cause_));
  } finally {
    fs.renameSync = rename;
    syncBuiltinESMExports();
  }
  assert.deepEqual(readdirSync(dir), [], 'the temporary file is gone');
});

test('bad output folders are refused at once with exit 2: a file, under a file, pseudo-filesystems', (t) => {
  const dir = scratchDir('outdir');
  writeFileSync(join(dir, 'file'), 'x');
  refused(() => prepareOutputDir(join(dir, 'file'), { flag: '--output' }), /--output .*file is a file, not a folder/);
  refused(() => prepareOutputDir(join(dir, 'file', 'sub'), { flag: '--output' }), /is under .*file, which is a file, not a folder/);
  if (process.platform !== 'linux') { t.skip('pseudo-filesystems: linux only'); return; }
  refused(() => prepareOutputDir('/proc/self', { flag: '--output' }), /on proc, a pseudo-filesystem/);
  refused(() => prepareOutputDir('/proc/does/not/exist', { flag: '--output' }), /on proc, a pseudo-filesystem/);
  refused(() => prepareOutputDir('/sys/kernel/wallaroo', { flag: '--output' }), /on sysfs, a pseudo-filesystem/);
  refused(() => writePrivateFile('/proc/self/wallaroo-values.yaml', OURS), /pseudo-filesystem/);
});

test('with create: false, a missing folder is only checked', () => {
  const dir = scratchDir('nocreate');
  const target = join(dir, 'later', 'out');
  assert.equal(prepareOutputDir(target, { create: false }), target);
  assert.deepEqual(readdirSync(dir), []);
});

test('an unwritable folder is refused (skipped as root)', (t) => {
  if (process.getuid?.() === 0) { t.skip('running as root'); return; }
  const dir = scratchDir('ro');
  fs.chmodSync(dir, 0o500);
  try { refused(() => prepareOutputDir(dir), /not writable/); } finally { fs.chmodSync(dir, 0o700); }
});

test('checkWriteTarget refuses a FIFO in the way; fileHolds compares without blocking', { timeout: 10_000 }, async () => {
  const dir = scratchDir('fifo-target');
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [join(dir, 'v.yaml')]);
  refused(() => checkWriteTarget(join(dir, 'v.yaml')), /not a regular file/);
  assert.equal(fileHolds(join(dir, 'v.yaml'), 'x'), false);
  writeFileSync(join(dir, 'same'), 'content');
  assert.equal(fileHolds(join(dir, 'same'), 'content'), true);
  assert.equal(fileHolds(join(dir, 'same'), 'other!!'), false);
});

test('toYaml11: a string helm would read as a number is quoted, 0o octal included (go-yaml reads 0o17 as 15)', async () => {
  const { toYaml11 } = await import('../../src/util/files.ts');
  const { parse } = await import('yaml');
  const values = { tag: '0o17', upper: '-0O17', under: '+0o1_7', hex: '0x1F', old: '017', word: 'yes', plain: 'x0o17', num: 15 };
  const text = toYaml11(values);
  for (const k of ['tag', 'upper', 'under', 'hex', 'old', 'word']) assert.match(text, new RegExp(`^${k}: "`, 'm'), k);
  assert.match(text, /^plain: x0o17$/m);
  assert.match(text, /^num: 15$/m);
  assert.deepEqual(parse(text, { version: '1.1' }), values);
});
