import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { DoneScreen } from './DoneScreen.tsx';
import type { InstallResult } from '../src/flows/events.ts';
import { setGlyphs, UNICODE } from './glyphs.ts';

const wait = (ms = 60) => new Promise((r) => setTimeout(r, ms));
const result: InstallResult = {
  release: 'wallaroo', namespace: 'wallaroo', action: 'upgrade', revision: 3, chartVersion: 'wallaroo-2025.1.0-6290', adminUser: 'admin', adminPassword: '********',
  passwordShown: false, address: { ip: '10.1.2.3' },
  dnsRecords: [{ name: 'wallaroo.example.com', type: 'A', value: '10.1.2.3' }],
  endpoints: [{ service: 'dashboard', fqdn: 'wallaroo.example.com', url: 'https://wallaroo.example.com' }, { service: 'api', fqdn: 'wallaroo.example.com', url: 'https://wallaroo.example.com/v1/api' }],
  valuesFile: '/runs/values.yaml',
};
const files = { answers: '/answers/wallaroo-answers.yaml', values: '/runs/values.yaml', log: '/logs/install.log' };

test('done: the login with the password masked until r, the address, DNS records, URLs, files and the repeat command', async () => {
  setGlyphs(UNICODE);
  let asked = 0;
  let exited = 0;
  const r = render(<DoneScreen result={result} files={files} width={100} isActive repeat="wallaroo-install --preset /answers/wallaroo-answers.yaml"
    reveal={async () => { asked++; return 'S3cr3t-admin-pw'; }} onExit={() => { exited++; }} />);
  await wait();
  const all = () => r.frames.join('\n');
  assert.match(all(), /Wallaroo upgraded: release wallaroo in wallaroo, revision 3 \(wallaroo-2025\.1\.0-6290\)/);
  assert.match(all(), /load balancer: 10\.1\.2\.3/);
  assert.match(all(), /wallaroo\.example\.com\s+A\s+10\.1\.2\.3/);
  assert.match(all(), /api\s+https:\/\/wallaroo\.example\.com\/v1\/api/);
  assert.match(all(), /answers\s+\/answers\/wallaroo-answers\.yaml\n\s+values\s+\/runs\/values\.yaml\n\s+log\s+\/logs\/install\.log/);
  assert.match(all(), /wallaroo-install --preset \/answers\/wallaroo-answers\.yaml/);
  assert.match(r.lastFrame()!, /Admin login: admin \/ \*{8}/);
  assert.doesNotMatch(all(), /S3cr3t/);
  r.stdin.write('r');
  await wait();
  assert.match(r.lastFrame()!, /admin \/ S3cr3t-admin-pw/);
  r.stdin.write('r');
  await wait();
  assert.match(r.lastFrame()!, /admin \/ \*{8}/);
  r.stdin.write('r');
  await wait();
  assert.equal(asked, 1, 'read once, then shown and hidden');
  r.stdin.write('\r');
  await wait();
  assert.match(r.lastFrame()!, /admin \/ \*{8}/, 'masked again before leaving, so it does not stay on the screen');
  assert.equal(exited, 1);
  r.unmount();
});
