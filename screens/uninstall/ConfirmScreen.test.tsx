import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { ConfirmScreen } from './ConfirmScreen.tsx';
import { TITLE, fits, wait } from './testing.ts';

test('asks for the release name, shows what is typed, and a mismatch', async () => {
  const r = render(<ConfirmScreen release="wallaroo" typed="wallar" summary="Also DELETE the data (2 claims, 150Gi)." width={80} title={TITLE} />);
  await wait();
  let f = r.lastFrame()!;
  assert.match(f, /Also DELETE the data \(2 claims, 150Gi\)\./);
  assert.match(f, /Type the release name \(wallaroo\) to purge: wallar/);
  assert.match(f, /Enter confirm {2}Esc back/);
  r.rerender(<ConfirmScreen release="wallaroo" typed="" error={'"walaroo" is not the release name: type wallaroo to purge, or Esc to go back'} summary="x" width={80} title={TITLE} />);
  await wait();
  f = r.lastFrame()!;
  assert.match(f, /"walaroo" is not the release name/);
  assert.ok(fits(f));
  r.unmount();
});
