// The first frame (screens/boot.ts): every line fits in one row less than the terminal, so that
// erasing one row per line leaves nothing behind above the wizard's screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootLines } from '../../screens/boot.ts';

const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('every line of the first frame fits in the terminal\'s width minus one, with and without a preset, in colour or not', () => {
  const preset = `/home/admin/${'very-long-folder-name/'.repeat(8)}wallaroo-answers.yaml`;
  for (const width of [10, 20, 40, 60, 80, 120, 200]) {
    for (const color of [true, false]) {
      for (const p of [undefined, preset, 'p\u001b[1m\nx.yaml']) {
        for (const line of bootLines(width, color, p)) {
          assert.ok(visible(line).length <= width - 1, `${width} ${color} ${JSON.stringify(visible(line))}`);
          assert.doesNotMatch(visible(line), /[\u0000-\u001f]/, 'no control character from the path');
        }
      }
    }
  }
});

test('on an ASCII terminal a cut line ends in "~", not a "." that reads as a full stop; widths are kept', async () => {
  const { asciiFold } = await import('../../src/wizard/ascii.ts');
  const cut = 'the commands to …';
  assert.equal(asciiFold(cut), 'the commands to ~');
  assert.equal(asciiFold(cut).length, cut.length);
});
