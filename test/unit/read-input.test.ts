// Reading input files: only regular files, sizes checked before reading, never blocking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, symlinkSync, mkdirSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readInputFile, readInputBytes, checkInputFile, isInputFile, InputFileError, INPUT_LIMITS } from '../../src/util/read-input.ts';
import { scratchDir } from '../support/tools.ts';

const opts = { field: 'the preset', limit: INPUT_LIMITS.preset };

function refusal(fn: () => unknown): InputFileError {
  try { fn(); } catch (e) {
    assert.ok(e instanceof InputFileError, `expected InputFileError, got ${e}`);
    return e;
  }
  assert.fail('expected a refusal');
}

test('a FIFO is refused at once (never opened for a blocking read)', { timeout: 10_000 }, () => {
  const dir = scratchDir('fifo');
  const fifo = join(dir, 'preset.yaml');
  execFileSync('mkfifo', [fifo]);
  const e = refusal(() => readInputFile(fifo, opts));
  assert.equal(e.errno, 'ENOTREG');
  assert.match(e.message, /the preset .*preset\.yaml cannot be used: it is a named pipe \(FIFO\)/);
});

test('/dev/zero, a folder and a socket are refused with what they are', async () => {
  assert.match(refusal(() => readInputFile('/dev/zero', { field: 'registries.models.password', limit: INPUT_LIMITS.secretFile })).message,
    /registries\.models\.password \/dev\/zero cannot be used: it is a character device/);
  const dir = scratchDir('dir');
  const folder = refusal(() => readInputFile(dir, opts));
  assert.equal(folder.errno, 'EISDIR');
  assert.match(folder.reason, /it is a folder/);
  const sock = join(dir, 's.sock');
  const server = createServer();
  await new Promise<void>((r) => server.listen(sock, r));
  try {
    assert.match(refusal(() => readInputFile(sock, opts)).reason, /socket/);
  } finally { server.close(); }
});

test('the size is checked before reading: a sparse 2 GiB file is refused without being read', () => {
  const dir = scratchDir('big');
  const big = join(dir, 'big.yaml');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 2 * 1024 ** 3);
  closeSync(fd);
  const e = refusal(() => readInputFile(big, opts));
  assert.equal(e.errno, 'ETOOBIG');
  assert.match(e.reason, /2048 MiB, more than the 1 MiB/);
  const small = join(dir, 'small.key');
  writeFileSync(small, 'x'.repeat(INPUT_LIMITS.secretFile + 1));
  assert.equal(refusal(() => readInputFile(small, { field: 'a secret', limit: INPUT_LIMITS.secretFile })).errno, 'ETOOBIG');
});

test('advice fits the error: missing file, symlink loop, a file used as a folder', () => {
  const dir = scratchDir('advice');
  const missing = refusal(() => readInputFile(join(dir, 'nope.yaml'), opts));
  assert.equal(missing.errno, 'ENOENT');
  assert.match(missing.reason, /no such file/);
  symlinkSync(join(dir, 'b'), join(dir, 'a'));
  symlinkSync(join(dir, 'a'), join(dir, 'b'));
  const loop = refusal(() => readInputFile(join(dir, 'a'), opts));
  assert.equal(loop.errno, 'ELOOP');
  assert.match(loop.reason, /symbolic links loop/);
  assert.match(loop.fix, /readlink -f/);
  writeFileSync(join(dir, 'file'), 'x');
  const under = refusal(() => readInputFile(join(dir, 'file', 'x.yaml'), opts));
  assert.equal(under.errno, 'ENOTDIR');
});

test('permission denied says so (skipped as root, who may read anything)', (t) => {
  if (process.getuid?.() === 0) { t.skip('running as root'); return; }
  const dir = scratchDir('perm');
  const f = join(dir, 'secret');
  writeFileSync(f, 'x', { mode: 0o000 });
  const e = refusal(() => readInputFile(f, opts));
  assert.match(e.reason, /permission denied/);
});

test('text must be UTF-8 (a byte-order mark is dropped); a link to a regular file is fine', () => {
  const dir = scratchDir('utf8');
  writeFileSync(join(dir, 'bin'), Buffer.from([0xff, 0xfe, 0x00, 0x80]));
  assert.equal(refusal(() => readInputFile(join(dir, 'bin'), opts)).errno, 'ENOTUTF8');
  writeFileSync(join(dir, 'bom.yaml'), '\ufeffsize: 8\n');
  symlinkSync(join(dir, 'bom.yaml'), join(dir, 'link.yaml'));
  assert.equal(readInputFile(join(dir, 'link.yaml'), opts), 'size: 8\n');
});

test('files under /proc (stat size 0) are read to their end, within the limit', (t) => {
  if (process.platform !== 'linux') { t.skip('linux only'); return; }
  assert.match(readInputFile('/proc/self/status', opts), /^Name:/m);
});

test('a chart folder passes checkInputFile with allowDirectory; only the first bytes are read with maxRead', () => {
  const dir = scratchDir('chart');
  mkdirSync(join(dir, 'wallaroo'));
  assert.deepEqual(checkInputFile(join(dir, 'wallaroo'), { field: 'chart.archive', limit: INPUT_LIMITS.chartArchive, allowDirectory: true }), { kind: 'directory', size: 0 });
  writeFileSync(join(dir, 'w.tgz'), Buffer.alloc(300_000, 7));
  assert.equal(readInputBytes(join(dir, 'w.tgz'), { field: 'chart.archive', limit: INPUT_LIMITS.chartArchive, maxRead: 2 }).length, 2);
});

test('every file read is remembered as an input (so that no write replaces it)', () => {
  const dir = scratchDir('inputs');
  const f = join(dir, 'p.yaml');
  writeFileSync(f, 'a: 1\n');
  assert.equal(isInputFile(f), false);
  readInputFile(f, opts);
  assert.equal(isInputFile(f), true);
  symlinkSync(f, join(dir, 'alias.yaml'));
  assert.equal(isInputFile(join(dir, 'alias.yaml')), true, 'the same file under another name');
});
