// Files that may hold secret material are created 0600 (folders 0700), before anything is
// written into them. Values are written as YAML 1.1 so `on`/`yes`/`no` stay strings for helm.
import { mkdirSync, openSync, writeSync, closeSync, chmodSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { Document } from 'yaml';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Write atomically with mode 0600 from the first byte (no window where others can read it). */
export function writePrivateFile(path: string, content: string): void {
  ensurePrivateDir(dirname(path));
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try { writeSync(fd, content); } finally { closeSync(fd); }
  chmodSync(tmp, 0o600); // umask cannot widen it, but an existing tmp file could have other bits
  renameSync(tmp, path);
}

export function toYaml11(value: unknown, header?: string): string {
  const doc = new Document(value, { version: '1.1' });
  if (header) doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}
