// What the guided uninstall costs over a bare `helm uninstall`, on the in-memory Kubernetes API
// (controller delays 0) with the stand-in chart and Wallaroo's leftovers seeded:
//   - `uninstall --plan` (the inventory: helm status + list, and the API reads),
//   - `uninstall --yes` end to end (keep data: plan, helm uninstall, clean-up, verify),
//   - bare `helm uninstall` of the same release.
// Run: npm run tools && npm run build && npx tsx bench/uninstall-overhead.ts [runs]
import { runCli } from '../test/support/cli.ts';
import { stage, PRESET } from '../test/support/e2e.ts';
import { seedWallarooLeftovers } from '../test/e2e/uninstall-fixtures.ts';
import type { HelmMajor } from '../test/support/tools.ts';

const runs = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const v = await fn();
  return [performance.now() - t0, v];
}

for (const major of [3, 4] as HelmMajor[]) {
  const plan: number[] = [], ours: number[] = [], bare: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const which of ['ours', 'bare'] as const) {
      const s = await stage(major, { lbDelayMs: 0 });
      try {
        const r = await runCli(['--preset', s.writePreset(PRESET)], { env: s.env });
        if (r.code !== 0) throw new Error(`install failed: ${r.stderr}`);
        seedWallarooLeftovers(s.kube);
        if (which === 'ours') {
          const [p, pr] = await timed(() => runCli(['uninstall', '--plan'], { env: s.env }));
          if (pr.code !== 0) throw new Error(pr.stderr);
          const [u, ur] = await timed(() => runCli(['uninstall', '--yes'], { env: s.env }));
          if (ur.code !== 0) throw new Error(ur.stdout + ur.stderr);
          plan.push(p); ours.push(u);
        } else {
          const [b] = await timed(() => s.helm(['uninstall', 'wallaroo', '-n', 'wallaroo']));
          bare.push(b);
        }
      } finally {
        await s.close();
      }
    }
  }
  console.log(`helm ${major}: uninstall --plan ${median(plan).toFixed(0)} ms, uninstall --yes ${median(ours).toFixed(0)} ms, bare helm uninstall ${median(bare).toFixed(0)} ms (median of ${runs})`);
}
