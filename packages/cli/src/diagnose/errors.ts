/** Codes of the errors `assay flaky diagnose` raises. */
export type DiagnoseErrorCode =
  | 'ASSAY_DIAGNOSE_UNKNOWN_TEST'
  | 'ASSAY_DIAGNOSE_NO_RUNNER'
  | 'ASSAY_DIAGNOSE_RUNNER_FAILED';

/** An error with a stable code and a message that says what to do next. */
export class DiagnoseError extends Error {
  readonly code: DiagnoseErrorCode;

  constructor(code: DiagnoseErrorCode, message: string) {
    super(message);
    this.name = 'DiagnoseError';
    this.code = code;
  }
}

/** The runner ran the test's file but did not report the test: the id names no test there. */
export class UnknownTestError extends DiagnoseError {
  /** Ids the runner did report for that file. */
  readonly known: string[];

  constructor(id: string, file: string, known: string[]) {
    super('ASSAY_DIAGNOSE_UNKNOWN_TEST', `no test "${id}" in ${file}.`);
    this.known = known;
  }
}
