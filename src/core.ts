// Everything that reads files or talks to the cluster, as ONE module loaded on demand: the
// commands, the flows, the Kubernetes and helm layers, the preset loader (zod, the YAML reader).
// `--version`, `--help` and the wizard's first frame do not load it; every other path does,
// through a dynamic import of this module, never through a dynamic import of one of its parts.
//
// Why one door: the bundler makes a chunk for every distinct set of dynamic-import targets that
// reach a module. With a dozen doors into this code an install loaded 62 chunks, and Node's ESM
// loader costs about 0.3-0.8 ms per chunk (resolve, read the compile cache, link): measured,
// a handful of chunks instead held the install lock ≈ 50 ms sooner (README, Benchmarks).
// What stays behind doors of its own: Ink and the screens (screens/), and client-node
// (src/kube/client-node.ts), both large and needed by few runs.
export { renderCommand, renderLoaded } from './commands/render.ts';
export { installCommand, preflightCommand } from './commands/install.ts';
export { statusCommand, credentialsCommand } from './commands/status.ts';
export { uninstallCommand, wantsUninstallTui, runUninstallTui, inventoryStep } from './commands/uninstall.ts';
export { attachCommand } from './commands/attach.ts';
export { presetsCommand } from './commands/presets.ts';
export { askHelmVersionEarly, helmBinary } from './helm/early-version.ts';
export { openRunLog } from './cli/run-log.ts';
export { startRunSession } from './session/run-session.ts';
export { kubeErrorReason, toFlowError } from './kube/errors.ts';
export { connectKube } from './kube/connect.ts';
export { openCluster, installFlow } from './flows/install.ts';
export { detectDistribution, suggestSizeFromNodes } from './wallaroo/detect.ts';
export { releaseState, isPending, isUninstalling, pendingWayOut } from './helm/release.ts';
export { findRunningInstall, InstallRunning } from './session/install-lock.ts';
export { followRunningInstall, outcomeError } from './session/follow.ts';
export { namespaceClaims } from './flows/upgrade-warnings.ts';
export { buildPlan } from './flows/plan.ts';
export { runPreflight } from './flows/preflight.ts';
export { readAdminCredentials } from './flows/access.ts';
export { answersOfRelease } from './session/release-answers.ts';
export { listReleases, isWallarooChart } from './helm/list.ts';
export { executeUninstall } from './flows/uninstall/execute.ts';
