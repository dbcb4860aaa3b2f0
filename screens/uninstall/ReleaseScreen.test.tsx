import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { ReleaseScreen } from './ReleaseScreen.tsx';
import { TITLE, fits, wait } from './testing.ts';

test('Wallaroo releases of every namespace with state and chart, and the leftovers-only way last', async () => {
  const releases = [
    { release: 'wallaroo', namespace: 'wallaroo', status: 'deployed', chart: 'wallaroo-2025.1.0-6290' },
    { release: 'staging', namespace: 'wallaroo-staging', status: 'pending-upgrade', chart: 'wallaroo-2024.4.0-5800' },
    { release: 'wallaroo', namespace: 'old', leftoversOnly: true },
  ];
  const r = render(<ReleaseScreen releases={releases} cursor={1} context="prod-eks" width={80} height={24} title={TITLE} canGoBack />);
  await wait();
  const f = r.lastFrame()!;
  assert.match(f, /Which release do you want to uninstall\?/);
  assert.match(f, /1\. wallaroo in namespace wallaroo {2}deployed, wallaroo-2025\.1\.0-6290/);
  assert.match(f, /❯ 2\. staging in namespace wallaroo-staging {2}pending-upgrade/);
  assert.match(f, /3\. No release: clean up what wallaroo left in namespace old/);
  assert.match(f, /2 Wallaroo releases in context "prod-eks" \(all namespaces\)/);
  assert.match(f, /Esc back/);
  assert.ok(fits(f));
  r.unmount();
});

test('no Wallaroo release: says so and offers the clean-up of leftovers', async () => {
  const r = render(<ReleaseScreen releases={[{ release: 'wallaroo', namespace: 'wallaroo', leftoversOnly: true }]} cursor={0} context="dev" width={80} height={24} title={TITLE} canGoBack={false} />);
  await wait();
  const f = r.lastFrame()!;
  assert.match(f, /No release of a Wallaroo chart was found in this cluster\./);
  assert.match(f, /❯ 1\. No release: clean up what wallaroo left in namespace wallaroo/);
  assert.doesNotMatch(f, /Esc back/);
  r.unmount();
});
