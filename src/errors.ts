// The one error type users can fix, and the one exit-code table.

export type ErrorCode =
  | 'PLAN_INVALID'       // the plan file does not validate
  | 'PLAN_NOT_FOUND'     // no plan file matched
  | 'USAGE'              // bad flags or arguments
  | 'WEB_SERVER'         // webServer did not come up
  | 'STORE'              // results database not writable / unreadable
  | 'NOT_FOUND'          // a run or test asked for does not exist
  | 'INFRA';             // anything else outside the tests (browser, orchestrator, …)

export interface SourceLocation {
  file: string;
  line: number;   // 1-based
  column: number; // 1-based
}

/** One problem in a plan, with where it is and how to fix it. */
export interface PlanIssue {
  location?: SourceLocation;
  path: string;        // e.g. tests[3].expect.status
  message: string;     // what is wrong / what was expected
  hint?: string;       // e.g. did you mean `timeout`?
}

export class AitestError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly issues?: PlanIssue[];

  constructor(code: ErrorCode, message: string, opts: { hint?: string; location?: SourceLocation; issues?: PlanIssue[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AitestError';
    this.code = code;
    this.hint = opts.hint;
    this.location = opts.location;
    this.issues = opts.issues;
  }
}

export function isAitestError(e: unknown): e is AitestError {
  return e instanceof AitestError;
}

export const ExitCode = {
  passed: 0,
  failed: 1,
  usage: 2,
  infra: 3,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit code for an error that ended a command before (or outside) a run. */
export function exitCodeForError(e: unknown): ExitCodeValue {
  if (!isAitestError(e)) return ExitCode.infra;
  switch (e.code) {
    case 'PLAN_INVALID':
    case 'PLAN_NOT_FOUND':
    case 'USAGE':
    case 'NOT_FOUND':
      return ExitCode.usage;
    case 'WEB_SERVER':
    case 'STORE':
    case 'INFRA':
      return ExitCode.infra;
  }
}

/** Exit code for a finished run. Flaky tests count as passed. */
export function exitCodeForRun(status: 'passed' | 'failed' | 'interrupted'): ExitCodeValue {
  return status === 'passed' ? ExitCode.passed : status === 'failed' ? ExitCode.failed : ExitCode.interrupted;
}

/** `plan.yaml:12:5` */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}
