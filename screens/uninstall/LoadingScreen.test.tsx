import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { LoadingScreen } from './LoadingScreen.tsx';
import { setGlyphs, ASCII, UNICODE } from './glyphs.ts';
import { TITLE, fits, wait } from './testing.ts';

test('says what it reads, with a spinner (ASCII under LANG=C), and that nothing changed yet', async () => {
  setGlyphs(ASCII);
  const r = render(<LoadingScreen what="taking the inventory of wallaroo" title={TITLE} width={80} />);
  try {
    await wait();
    const f = r.lastFrame()!;
    assert.match(f, /^[-\\|/] taking the inventory of wallaroo\.\.\.$/m, 'ASCII only under LANG=C');
    assert.match(f, /Ctrl-C quit \(nothing has been changed\)/);
    assert.ok(fits(f));
  } finally {
    r.unmount();
    setGlyphs(UNICODE);
  }
});
