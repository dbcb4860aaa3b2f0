// helm's version read from its binary's Go build info, and every case where it must not be
// trusted (then helm is asked): shell shims, other Go programs, untagged or modified builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBuild, goModInfo, resolveExecutable, isCompiledProgram } from '../../src/helm/build-info.ts';

const helmVersionFromBinary = (bin: string, env: Record<string, string | undefined>) => helmBuild(bin, env)?.version;
import { helmPath } from '../support/tools.ts';

const dir = mkdtempSync(join(tmpdir(), 'wi-buildinfo-'));

/** A Go build info blob (Go 1.18+ layout: 32-byte header, then varint-prefixed strings). */
function buildInfo(mod: string): Buffer {
  const uvarint = (n: number) => { const out: number[] = []; while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; } out.push(n); return Buffer.from(out); };
  const str = (s: string) => Buffer.concat([uvarint(Buffer.byteLength(s)), Buffer.from(s)]);
  const header = Buffer.alloc(32);
  Buffer.from('\xff Go buildinf:', 'latin1').copy(header);
  header[14] = 8;
  header[15] = 2;
  const sentinel = Buffer.alloc(16, 0x30);
  return Buffer.concat([header, str('go1.25.9'), str(Buffer.concat([sentinel, Buffer.from(mod), sentinel]).toString('latin1'))]);
}

/** A minimal 64-bit little-endian ELF file whose only named section is `.go.buildinfo`. */
function elfWith(info: Buffer): Buffer {
  const names = Buffer.from('\0.shstrtab\0.go.buildinfo\0');
  const dataOff = 64;
  const namesOff = dataOff + info.length;
  const shoff = namesOff + names.length;
  const sh = Buffer.alloc(64 * 3);
  // [0] null; [1] .shstrtab; [2] .go.buildinfo
  sh.writeUInt32LE(1, 64); sh.writeBigUInt64LE(BigInt(namesOff), 64 + 24); sh.writeBigUInt64LE(BigInt(names.length), 64 + 32);
  sh.writeUInt32LE(11, 128); sh.writeBigUInt64LE(BigInt(dataOff), 128 + 24); sh.writeBigUInt64LE(BigInt(info.length), 128 + 32);
  const h = Buffer.alloc(64);
  h.writeUInt32BE(0x7f454c46, 0); h[4] = 2; h[5] = 1; h[6] = 1;
  h.writeBigUInt64LE(BigInt(shoff), 0x28); h.writeUInt16LE(64, 0x3a); h.writeUInt16LE(3, 0x3c); h.writeUInt16LE(1, 0x3e);
  return Buffer.concat([h, info, names, sh]);
}

/** A minimal 64-bit Mach-O file with one __DATA segment holding __go_buildinfo. */
function machoWith(info: Buffer): Buffer {
  const cmdsize = 72 + 80;
  const dataOff = 32 + cmdsize;
  const h = Buffer.alloc(32);
  h.writeUInt32LE(0xfeedfacf, 0); h.writeUInt32LE(1, 16); h.writeUInt32LE(cmdsize, 20);
  const seg = Buffer.alloc(cmdsize);
  seg.writeUInt32LE(0x19, 0); seg.writeUInt32LE(cmdsize, 4); seg.write('__DATA', 8, 'latin1'); seg.writeUInt32LE(1, 64);
  seg.write('__go_buildinfo', 72, 'latin1'); seg.write('__DATA', 72 + 16, 'latin1');
  seg.writeBigUInt64LE(BigInt(info.length), 72 + 40); seg.writeUInt32LE(dataOff, 72 + 48);
  return Buffer.concat([h, seg, info]);
}

function exe(name: string, content: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  chmodSync(p, 0o755);
  return p;
}

const helm4Mod = 'path\thelm.sh/helm/v4/cmd/helm\nmod\thelm.sh/helm/v4\tv4.1.4\t\nbuild\tvcs.modified=false\n';

test('the real helm 4.1 binary says v4.1.4 (Go 1.25 stamps the tag); helm 3.17 built with Go 1.23 says nothing', () => {
  assert.equal(helmVersionFromBinary(helmPath(4), {}), 'v4.1.4');
  assert.equal(helmVersionFromBinary(helmPath(3), {}), undefined, 'its module version is (devel): helm is asked instead');
  assert.match(goModInfo(helmPath(3)) ?? '', /^path\thelm\.sh\/helm\/v3\/cmd\/helm$/m);
});

test('ELF and Mach-O build info are both read', () => {
  assert.equal(helmVersionFromBinary(exe('helm-elf', elfWith(buildInfo(helm4Mod))), {}), 'v4.1.4');
  assert.equal(helmVersionFromBinary(exe('helm-macho', machoWith(buildInfo(helm4Mod.replace(/4\.1\.4/, '4.0.2')))), {}), 'v4.0.2');
});

test('nothing is read when it cannot be certain: helm is asked instead', () => {
  const cases: Record<string, string> = {
    pseudo: 'path\thelm.sh/helm/v4/cmd/helm\nmod\thelm.sh/helm/v4\tv4.1.5-0.20260101000000-abcdef123456\t\n',
    dirty: 'path\thelm.sh/helm/v4/cmd/helm\nmod\thelm.sh/helm/v4\tv4.1.4+dirty\t\n',
    devel: 'path\thelm.sh/helm/v4/cmd/helm\nmod\thelm.sh/helm/v4\t(devel)\t\n',
    modified: 'path\thelm.sh/helm/v4/cmd/helm\nmod\thelm.sh/helm/v4\tv4.1.4\t\nbuild\tvcs.modified=true\n',
    otherProgram: 'path\tgithub.com/aquaproj/aqua-proxy\nmod\tgithub.com/aquaproj/aqua-proxy\tv1.2.8\t\n',
    majorMismatch: 'path\thelm.sh/helm/v4/cmd/helm\nmod\thelm.sh/helm/v4\tv3.17.0\t\n',
  };
  for (const [name, mod] of Object.entries(cases)) assert.equal(helmVersionFromBinary(exe(`helm-${name}`, elfWith(buildInfo(mod))), {}), undefined, name);
  // A shell shim (asdf, mise) that execs whichever helm it picks: not a Go binary.
  assert.equal(helmVersionFromBinary(exe('helm-shim', '#!/bin/sh\nexec /opt/helm/v3/helm "$@"\n'), {}), undefined);
  // Truncated or garbage files never throw.
  const real = readFileSync(helmPath(4));
  assert.equal(helmVersionFromBinary(exe('helm-truncated', real.subarray(0, 4096)), {}), undefined);
  assert.equal(helmVersionFromBinary(exe('helm-empty', ''), {}), undefined);
  assert.equal(helmVersionFromBinary(join(dir, 'not-there'), {}), undefined);
});

test('the binary is found on PATH the way spawn finds it: first executable file, not a directory or a non-executable', () => {
  const a = mkdtempSync(join(dir, 'a-'));
  const b = mkdtempSync(join(dir, 'b-'));
  writeFileSync(join(a, 'helm'), 'not executable');
  copyFileSync(helmPath(4), join(b, 'helm'));
  chmodSync(join(b, 'helm'), 0o755);
  assert.equal(resolveExecutable('helm', { PATH: `${a}:${b}` }), join(b, 'helm'));
  assert.equal(helmVersionFromBinary('helm', { PATH: `${a}:${b}` }), 'v4.1.4');
  assert.equal(resolveExecutable('helm', { PATH: a }), undefined);
});

test('a compiled helm (or a compiled launcher) is told apart from a wrapper script, which may not pass stdin on', () => {
  assert.equal(isCompiledProgram(helmPath(3), {}), true);
  assert.equal(isCompiledProgram(exe('launcher-macho', machoWith(buildInfo(helm4Mod))), {}), true);
  assert.equal(isCompiledProgram(exe('wrapper.sh', '#!/bin/sh\nhelm "$@" &\nwait\n'), {}), false);
  assert.equal(isCompiledProgram(join(dir, 'absent'), {}), false);
});
