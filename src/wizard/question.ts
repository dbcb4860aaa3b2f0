// One question of a wizard step: what it asks, where its answer goes in the draft, how typed
// text becomes a value, and what it shows beside itself. The Ink screens and the plain prompts
// both render these; neither knows any Wallaroo rule.
import type { KeyPath, Problem } from '../config/problems.ts';
import type { Draft } from './draft.ts';
import type { SecretValues } from './validate.ts';
import type { Facts } from './facts-types.ts';

export type StepId =
  | 'cluster' | 'existing' | 'chart' | 'distribution' | 'ingress' | 'domain' | 'tls'
  | 'registries' | 'size' | 'advanced' | 'review' | 'install' | 'done';

export interface Choice { value: string; label: string; hint?: string }

export interface Note { level: 'info' | 'ok' | 'warn' | 'error' | 'busy'; text: string }

export type QuestionKind =
  /** One of `choices`. */
  | 'select'
  /** Several of `choices` (value: string[]). */
  | 'multi'
  /** Free text, parsed by `parse`. */
  | 'text'
  /** A file path: text with completion from the file system. */
  | 'path'
  /** A secret typed masked; kept in memory only (SecretValues), never in the draft. */
  | 'secret'
  /** The per-service on/off table of the size step (value: the services overrides). */
  | 'services';

export type Parsed = { value: unknown } | { error: string };

export interface Question {
  id: string;
  step: StepId;
  kind: QuestionKind;
  /** Where the answer lives in the draft (`$…` for the wizard's own choices). */
  path: KeyPath;
  label: string;
  help?: string;
  choices?: Choice[];
  /** The value shown first: the draft's, else the default. */
  initial: unknown;
  placeholder?: string;
  /** For text kinds: names to complete from (TLS Secrets in the namespace, …). */
  suggestions?: string[];
  /** A message when left empty (for answers the schema cannot insist on by itself). */
  required?: string;
  /** Text → value. Default: trimmed, '' → undefined. */
  parse?: (text: string) => Parsed;
  /** Value → the text an input starts with. */
  format?: (value: unknown) => string;
  /** One line for the review and for answered questions above the active one. */
  display: (value: unknown) => string;
  /** Problems at or under these paths show under this question and keep it from advancing. */
  owns: KeyPath[];
  /** Where a partial preset should open: problems under these (default: owns). */
  locate?: KeyPath[];
  /** For kind 'secret': the key in SecretValues. */
  secretKey?: string;
  /** What the answer does to the draft (default: set it at `path`). */
  apply?: (d: Draft, value: unknown) => Draft;
  /** After this answer, go to the first question that still needs one (or the review): the
   *  draft was just prefilled (an upgrade starting from the release's answers). */
  thenFirstOpen?: (d: Draft) => boolean;
  /** Set while the answer cannot be taken yet (a fact it decides on is loading): why. */
  blocked?: string;
  /** Live lines under the question, for the draft with the pending answer in place. */
  notes?: (d: Draft) => Note[];
}

export interface WizardContext {
  facts: Facts;
  secrets: SecretValues;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** --context/--release/--namespace from the command line: the defaults of the cluster step. */
  cli: { context?: string; release?: string; namespace?: string };
}

export interface StepDef {
  id: StepId;
  title: string;
  /** The answers this step is responsible for: problems under them block leaving it. */
  paths: KeyPath[];
  visible: (d: Draft, c: WizardContext) => boolean;
  questions: (d: Draft, c: WizardContext) => Question[];
}

export type { Problem };
