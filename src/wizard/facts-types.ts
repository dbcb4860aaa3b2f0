// What the wizard knows about the cluster, filled in the background while the admin answers.
// Each fact has its own loading state so that a screen can say "looking…", show the value, or
// say why it is missing, and nothing ever waits for the cluster before the first frame.
import type { Detection, SizeSuggestion } from '../wallaroo/detect.ts';
import type { HelmValues } from '../wallaroo/values.ts';
import type { ClaimInfo } from '../wallaroo/service-storage.ts';
import type { Finding } from '../flows/preflight.ts';
import type { AnswersInput } from '../config/schema.ts';

export type Load<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; value: T }
  | { state: 'error'; reason: string; fix?: string };

export interface ContextInfo { name: string; cluster: string; server: string; current: boolean }

export interface StoredAnswers {
  /** A preset's content; recovered answers are partial (the wizard asks for the rest). */
  answers: Partial<AnswersInput> & Record<string, unknown>;
  /** configmap: saved by wallaroo-install with the release; values: recovered from `helm get values`. */
  source: 'configmap' | 'values';
  /** Answers the live release did not reveal (asked again, listed on the review). */
  unrecovered: { key: string; reason: string }[];
  /** Answers recovered by an educated guess (shown on the review for a second look). */
  assumed: { key: string; reason: string }[];
  /** Why a stored ConfigMap was not used (it does not validate). */
  configMapProblems?: string[];
}

export interface ReleaseFacts {
  release: string;
  namespace: string;
  exists: boolean;
  revision?: number;
  status?: string;
  chart?: string;
  updated?: string;
  /** Set when the release is stuck in pending-*: the safe way out. */
  pendingWayOut?: string;
  /**
   * An install of this release running now (its Lease held, or this machine's run record): its
   * pending state is not stuck, and it is not ours to undo. What it is, and how to follow it.
   */
  running?: { cause: string; fix: string };
  /** `helm get values` of the current revision (for the review's diff). */
  values?: HelmValues;
  /** The claims in the namespace: the volumes a service turned off leaves behind. */
  claims?: ClaimInfo[];
  stored?: StoredAnswers;
}

export interface PreflightFacts { key: string; findings: Finding[]; blocking: Finding[] }

export interface Facts {
  kubeconfig: Load<{ source: string; contexts: ContextInfo[] }>;
  /** The context the facts below describe (undefined: none chosen yet, or no cluster). */
  context?: string;
  connection: Load<{ server: string; version: string }>;
  nodes: Load<{ count: number; detection: Detection; size: SizeSuggestion }>;
  helm: Load<{ text: string; major: 3 | 4 }>;
  tlsSecrets: Load<string[]>;
  pullSecrets: Load<string[]>;
  release: Load<ReleaseFacts>;
  preflight: Load<PreflightFacts>;
}

export function initialFacts(): Facts {
  const idle = { state: 'idle' } as const;
  return { kubeconfig: idle, connection: idle, nodes: idle, helm: idle, tlsSecrets: idle, pullSecrets: idle, release: idle, preflight: idle };
}
