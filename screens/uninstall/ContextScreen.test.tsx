import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { ContextScreen } from './ContextScreen.tsx';
import { setGlyphs, ASCII, UNICODE } from './glyphs.ts';
import { TITLE, fits, wait } from './testing.ts';

test('lists the contexts, the current one marked, the cursor on the highlighted one', async () => {
  setGlyphs(UNICODE);
  const r = render(<ContextScreen contexts={['dev', 'prod-eks', 'staging']} current="prod-eks" cursor={1} width={80} height={24} title={TITLE} />);
  await wait();
  const f = r.lastFrame()!;
  assert.match(f, /Which cluster holds the Wallaroo to uninstall\?/);
  assert.match(f, /❯ 2\. prod-eks {2}\(current\)/);
  assert.match(f, /^ {2}1\. dev$/m);
  assert.match(f, /3 contexts in the kubeconfig/);
  assert.ok(fits(f));
  r.unmount();
});

test('many contexts scroll inside 80x24 and say how many are out of view; ASCII glyphs under LANG=C', async () => {
  setGlyphs(ASCII);
  const contexts = Array.from({ length: 40 }, (_, i) => `cluster-${i + 1}`);
  const r = render(<ContextScreen contexts={contexts} cursor={30} width={80} height={24} title="wallaroo-install uninstall" />);
  await wait();
  const f = r.lastFrame()!;
  assert.ok(fits(f), f);
  assert.match(f, /> 31\. cluster-31/);
  assert.match(f, /\^ \d+ more/);
  assert.match(f, /v \d+ more/);
  assert.ok(/^[\x20-\x7e\n]*$/.test(f), 'ASCII only');
  r.unmount();
  setGlyphs(UNICODE);
});
