// Everything an install checks before it writes to the cluster: preflight (the cluster) and
// the chart check (fetch the chart, resolve the keys, settle what the chart cannot take, write
// the values file, `helm template`), side by side. Neither writes to the cluster; both finish
// before the namespace or any Secret is created, and after either fails nothing new is there.
import { join } from 'node:path';
import type { LoadedPreset } from '../config/load-preset.ts';
import type { Helm } from '../helm/helm.ts';
import { buildPlan, type InstallPlan } from './plan.ts';
import { FlowError, heldBus, type EventBus } from './events.ts';
import { fetchChart, inspectChart, reportInlineSecrets, reportUnsupported, startTemplate } from './chart-check.ts';
import { writeValuesFile } from './values-file.ts';
import { chartDigest, renderedOrRemembered, verdictFolder } from './chart-memory.ts';
import { chartLabel, type ChartInfo } from '../wallaroo/key-map.ts';
import { ensurePrivateDir } from '../util/files.ts';
import type { ObjRef } from '../kube/objects.ts';
import { trace, traced } from '../util/trace.ts';

export interface CheckedChart {
  /** The plan with the values resolved against this chart. */
  plan: InstallPlan;
  info: ChartInfo;
  chartPath: string;
  valuesFile: string;
  objects: number;
  /** The objects helm applies (hooks left out), from helm template or its remembered verdict. */
  refs: ObjRef[];
}

export interface ChartStepOptions {
  workDir: string;
  dropUnsupported?: boolean;
  /** helm's version check: when the step fails and so did this, this is the cause reported. */
  ready?: Promise<unknown>;
  /** Reading the chart waits for this (helm template is already started): see runChecks. */
  after?: Promise<unknown>;
  /** Told the chart's local path as soon as it is there (install.ts starts a held helm). */
  fetched?: (chartPath: string) => void;
}

/** Where the chart step writes the values file: known before it is written. */
export const valuesPath = (workDir: string): string => join(workDir, 'values.yaml');

/** The chart step: touches no cluster (helm template runs client-side). */
export async function chartStep(bus: EventBus, preset: LoadedPreset, draft: InstallPlan, helm: Helm, o: ChartStepOptions, signal: AbortSignal): Promise<CheckedChart> {
  return bus.step('chart', 'chart: fetching the chart and resolving our values against it', async () => {
    try {
      ensurePrivateDir(o.workDir);
      const chartPath = await traced('chart fetch', fetchChart(draft.chart, helm, o.workDir, preset.secrets, signal));
      o.fetched?.(chartPath);
      // helm template starts now and gets the values once they are written (startTemplate).
      // The draft's release, namespace and extra values files are the final plan's: only the
      // values depend on the chart's keys.
      let giveValues!: (v: { text: string; file: string }) => void;
      let noValues!: (e: unknown) => void;
      const valuesText = new Promise<{ text: string; file: string }>((res, rej) => { giveValues = res; noValues = rej; });
      valuesText.catch(() => undefined);
      // When this chart and helm have rendered before, helm template waits for the values: it
      // is not started at all if they are the same as then (chart-memory.ts).
      const digest = chartDigest(chartPath);
      const rendered = renderedOrRemembered(verdictFolder(digest, helm.bin, helm.env), draft, valuesText, (v) => {
        trace('helm template: start');
        return startTemplate(draft, chartPath, helm, v, signal);
      });
      const template = rendered.rendered;
      template.catch(() => undefined);
      let inspected, plan, leftOut, valuesFile;
      try {
        await o.after;
        inspected = inspectChart(chartPath, digest);
        if (inspected.recalled) trace('chart facts: recalled');
        plan = buildPlan(preset, inspected.keyMap, 'kubernetes');
        leftOut = reportUnsupported(bus, plan, Boolean(o.dropUnsupported));
        reportInlineSecrets(bus, plan);
        valuesFile = valuesPath(o.workDir);
        giveValues({ text: writeValuesFile(valuesFile, plan, preset.file), file: valuesFile });
      } catch (e) {
        noValues(e);
        await template.catch(() => undefined);
        throw e;
      }
      trace('chart: resolved, values written');
      const { count: objects, refs } = await template;
      const fromBefore = rendered.fromBefore();
      trace(fromBefore ? 'helm template: remembered' : 'helm template: done');
      return {
        value: { plan, info: inspected.info, chartPath, valuesFile, objects, refs },
        summary: `${chartLabel(inspected.info)}: values resolved against it${leftOut.length ? `, ${leftOut.length} setting${leftOut.length === 1 ? '' : 's'} it has no key for left out` : ''}; helm template renders ${objects} objects${fromBefore ? ' (as it did before with this chart, these values and this helm)' : ''}`,
        status: leftOut.length || plan.inlineSecrets.length ? 'warn' : 'ok',
      };
    } catch (e) {
      // A helm that cannot run fails here too: then its own error (helm missing, too old) is the cause.
      await o.ready;
      throw e;
    }
  });
}

/**
 * Runs preflight and the chart step at the same time. The chart step's events are held back
 * until preflight has finished, so every renderer shows one step after the other. When
 * preflight fails, the chart step is stopped (its events shown only if it had already ended);
 * when the chart step fails, preflight still finishes and reports, then the chart's failure ends
 * the run.
 */
export async function checksInParallel<P>(
  bus: EventBus,
  preflight: () => Promise<P>,
  chart: (bus: EventBus, signal: AbortSignal) => Promise<CheckedChart>,
  signal: AbortSignal,
): Promise<{ pf: P; chart: CheckedChart }> {
  const { bus: chartBus, release: flush } = heldBus(bus);

  const chartAbort = new AbortController();
  const onAbort = () => chartAbort.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let chartSettled = false;
  const chartRun = chart(chartBus, chartAbort.signal);
  chartRun.then(() => { chartSettled = true; }, () => { chartSettled = true; });
  // A run that stops before preflight starts (no cluster, another install running) shows no step.
  let preflightStarted = false;
  const offStart = bus.on((e) => { if (e.type === 'step-started' && e.step === 'preflight') preflightStarted = true; });
  try {
    let pf: P;
    try {
      pf = await preflight();
    } catch (e) {
      const ended = chartSettled;
      chartAbort.abort(e);
      // Shown only when both steps ran and the chart step had ended by itself, with news of its own.
      const chartError = await chartRun.then(() => undefined, (x: unknown) => x);
      const same = chartError instanceof FlowError && e instanceof FlowError && chartError.code === e.code;
      if (preflightStarted && ended && !same) flush();
      throw e;
    }
    flush();
    const checked = await chartRun;
    // Cancelled while checking: nothing may be written after this point.
    if (signal.aborted) throw signal.reason;
    return { pf, chart: checked };
  } finally {
    offStart();
    signal.removeEventListener('abort', onAbort);
  }
}
