// A failure with a cause and a next step. It lives on the lowest floor so that util, config,
// helm and kube can all throw it without importing flows (flows/events.ts re-exports it).
// Exit codes: 1 failed, 2 bad input or usage, 130 cancelled.
export class FlowError extends Error {
  constructor(
    readonly code: string,
    readonly cause_: string,
    readonly fix: string,
    readonly exitCode: 1 | 2 | 130 = 1,
  ) {
    super(cause_);
  }
}
