#!/usr/bin/env node
// Launcher: refuse old Node with a clear message before loading anything, then run the bundle.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `wallaroo-install needs Node.js 22.19 or newer; this is Node.js ${process.versions.node} (${process.execPath}).\n` +
      '  next: install Node.js 22 LTS or newer (https://nodejs.org, or your package manager / nvm), then run it again.\n',
  );
  process.exit(2);
}
try {
  // Caches compiled code between runs: measurably faster start-up for a large bundle.
  (await import('node:module')).enableCompileCache?.();
} catch {}
await import('../dist/wallaroo-install.js');
