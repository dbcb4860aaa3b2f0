// Fetching the chart: a registry this machine cannot reach (DNS, a refused connection, an
// untrusted certificate) is said as such, never blamed on the license.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchChart } from '../../src/flows/chart-check.ts';
import { Helm } from '../../src/helm/helm.ts';
import { scratchDir } from '../support/tools.ts';

const source = { kind: 'oci' as const, ref: 'oci://registry.replicated.com/wallaroo/2025-1/wallaroo', version: '2025.1.0-6290', login: { registry: 'registry.replicated.com', username: 'admin@example.com', passwordKey: 'chart.login.password' } };

function fakeHelm(stderr: string): Helm {
  const dir = scratchDir('fetch');
  const bin = join(dir, 'helm');
  writeFileSync(bin, `#!/bin/sh\ncat >/dev/null\necho ${JSON.stringify(stderr)} >&2\nexit 1\n`, { mode: 0o755 });
  return new Helm(bin, { PATH: process.env.PATH });
}

test('a registry that cannot be reached is E_REGISTRY_UNREACHABLE with a network fix; a refused login is E_REGISTRY_LOGIN', async () => {
  const secrets = new Map([['chart.login.password', 'lic-0123456789abcdef']]);
  const cases: [string, string, RegExp][] = [
    ['Error: Get "https://registry.replicated.com/v2/": dial tcp: lookup registry.replicated.com on 10.255.255.53:53: no such host', 'E_REGISTRY_UNREACHABLE', /check DNS, the proxy \(HTTPS_PROXY\) and the firewall .*the license is not the problem/],
    ['Error: Get "https://registry.replicated.com/v2/": dial tcp 1.2.3.4:443: connect: connection refused', 'E_REGISTRY_UNREACHABLE', /check DNS/],
    ['Error: Get "https://registry.replicated.com/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority', 'E_REGISTRY_UNREACHABLE', /does not trust .* certificate/],
    ['Error: login attempt to https://registry.replicated.com/v2/ failed with status: 401 Unauthorized', 'E_REGISTRY_LOGIN', /license email/],
  ];
  for (const [said, code, fix] of cases) {
    await assert.rejects(fetchChart(source, fakeHelm(said), scratchDir('fetch-work'), secrets, new AbortController().signal),
      (e: Error & { code?: string; fix?: string }) => e.code === code && fix.test(e.fix ?? ''), said);
  }
});
