// An upgrade through the wizard with helm 3 that starts from the answers stored with the
// release: prefilled, straight to the review, one step edited, what changes shown, upgraded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnCli } from '../support/pty.ts';
import { runCli } from '../support/cli.ts';
import { answer, eksStage, env, PRESET, exited } from './wizard-suite.ts';

test('helm 3: the wizard upgrades a release starting from its stored answers', async () => {
  const s = await eksStage(3);
  try {
    const first = await runCli(['--preset', s.writePreset(PRESET), '--json'], { env: s.env });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.ok(s.kube.get('v1', 'ConfigMap', 'wallaroo', 'wallaroo-install-wallaroo'), 'the install stored its answers');
    assert.ok(s.kube.get('apps/v1', 'Deployment', 'wallaroo', 'plateau'), 'size 16 runs plateau');

    const t = spawnCli([], { env: env(s), cwd: s.dir });
    try {
      await answer(t, /1\. fake\s+current/, undefined, 'enter');
      await answer(t, 'Helm release name', undefined, 'enter');
      await answer(t, /release wallaroo exists in wallaroo: revision 1, deployed/, undefined, 'enter');
      await t.waitFor(/upgrade of revision 1 \(wallaroo-2025\.1\.0-6290\)/, 60_000);
      // On a loaded machine the step's first frame can still hold the namespace step's note, and
      // this step's own note comes in the next frame (seen once in CI-like load): Enter is pressed
      // once it is on the screen.
      let screen = await answer(t, /stored in ConfigMap\s+wallaroo-install-wallaroo/, undefined, 'enter');
      assert.match(screen.replace(/\s+/g, ' '), /stored in ConfigMap wallaroo-install-wallaroo/);
      assert.match(screen, /step 2 of 13 · Existing release/);
      // Everything prefilled: straight to the review, where the size is edited.
      screen = await t.waitFor('Ready: Enter upgrades into context fake, namespace wallaroo', 60_000);
      assert.match(screen.replace(/\s+/g, ' '), /Chart archive: \S*wallaroo-2025\.1\.0-6290\.tgz/);
      t.write('9'); // 9. Size and services (the existing-release step is 2.)
      screen = await answer(t, 'Cluster size (cores)', undefined, 'up', 'enter');
      await answer(t, 'Inference engine', undefined, 'enter');
      await t.waitFor('Ready: Enter upgrades', 60_000);
      // What changes against the live release. The review grows while preflight's answers come in
      // (a loaded machine may take a while): it is read once its length has held for a second.
      const total = () => /of (\d+)\)/.exec(t.screen())?.[1];
      for (let last = total(), held = 0; held < 4; await new Promise((r) => setTimeout(r, 250))) {
        const now = total();
        held = now === last ? held + 1 : 0;
        last = now;
      }
      let review = '';
      // Page through the review; each page is read once the screen has moved (a loaded machine
      // may take longer than any fixed pause).
      for (let i = 0; i < 12; i++) {
        const page = t.screen();
        review += `\n${page}`;
        t.press('pageDown');
        for (let w = 0; w < 40 && t.screen() === page; w++) await new Promise((r) => setTimeout(r, 50));
      }
      review += `\n${t.screen()}`;
      assert.match(review, /What the upgrade changes/);
      assert.match(review, /upgrade of revision 1 \(wallaroo-2025\.1\.0-6290, deployed\)/);
      assert.match(review, /~ plateau\.enabled: true -> false/);
      assert.match(review, /Cluster size \(cores\): 8 cores/);
      assert.match(review.replace(/\s+/g, ' '), /Plateau \(the inference-log store\) was on and this upgrade turns it off \(the 8-core sizing table\); helm deletes its PVC plateau-managed-disk/);
      t.press('enter');
      await t.waitFor('Wallaroo upgraded', 240_000);
      t.press('enter');
      assert.deepEqual(await exited(t), { code: 0 });
      assert.match(t.history(), /✔ helm: release wallaroo deployed, revision 2/);
    } finally { await t.close(); }
    assert.match(await s.helm(['status', 'wallaroo', '-n', 'wallaroo']), /REVISION: 2[\s\S]*STATUS: deployed|STATUS: deployed[\s\S]*REVISION: 2/);
    assert.equal(s.kube.get('apps/v1', 'Deployment', 'wallaroo', 'plateau'), undefined, 'size 8 turns plateau off');
    const stored = s.kube.get('v1', 'ConfigMap', 'wallaroo', 'wallaroo-install-wallaroo').data['answers.yaml'];
    assert.match(stored, /size: 8/);
  } finally { await s.close(); }
});
