// The values file both `render` and `install` write: 0600, YAML 1.1, a header that says which
// tool version and preset made it and whether it holds secrets.
import { writePrivateFile, toYaml11, type WriteOptions } from '../util/files.ts';
import type { HelmValues } from '../wallaroo/values.ts';
import { VERSION } from '../version.ts';

export function writeValuesFile(path: string, values: HelmValues, presetFile: string, inline: boolean, opts: WriteOptions = {}): void {
  const header = [
    ` Helm values for Wallaroo, written by wallaroo-install ${VERSION} from preset ${presetFile}`,
    inline
      ? ' Contains secrets (--inline-secrets): keep this file private (mode 0600) and out of version control.'
      : ' Contains no passwords or keys: those go into the Kubernetes Secrets it names.',
  ].join('\n');
  writePrivateFile(path, toYaml11(values, header), opts);
}
