// The cluster options of the command line (kubeconfig, context, helm), for the facts loader
// and the install.
import type { CliOptions } from '../cli/args.ts';

export function clusterOptions(o: Pick<CliOptions, 'kubeconfig' | 'context' | 'helm'>) {
  return { kubeconfig: o.kubeconfig, context: o.context, helm: o.helm };
}
