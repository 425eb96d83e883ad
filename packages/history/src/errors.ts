/** Codes of every error `@assay/history` raises; stable, so tools and docs can rely on them. */
export type HistoryErrorCode =
  | 'ASSAY_RUN_FILE_INVALID'
  | 'ASSAY_QUARANTINE_FILE_INVALID'
  | 'ASSAY_QUARANTINE_MODE_INVALID'
  | 'ASSAY_QUARANTINE_ENTRY_EXISTS'
  | 'ASSAY_QUARANTINE_ENTRY_MISSING'
  | 'ASSAY_TEST_ID_INVALID'
  | 'ASSAY_OPTION_INVALID'
  | 'ASSAY_MERGE_SOURCE_MISSING'
  | 'ASSAY_LOCK_TIMEOUT';

/** Base class of assay history errors: a stable `code` and a message that says what to do next. */
export class AssayHistoryError extends Error {
  readonly code: HistoryErrorCode;

  constructor(code: HistoryErrorCode, message: string) {
    super(message);
    this.name = 'AssayHistoryError';
    this.code = code;
  }
}

/**
 * A run file under `.assay/runs/` that cannot be read (truncated, not JSON, hand-edited into a shape
 * assay does not know). It costs only that file: every other run file is still read.
 */
export class RunFileError extends AssayHistoryError {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(
      'ASSAY_RUN_FILE_INVALID',
      `${file}: ${problem}. This run file was skipped; the others were read. ` +
        'Delete it (or restore it from where it was copied) to silence this message.',
    );
    this.name = 'RunFileError';
    this.file = file;
  }
}

/** Where the documentation is published (the docs/ folder built with VitePress, on GitHub Pages). */
export const DOCS_SITE = 'https://assay-dev.github.io/assay';

/** `.assay/quarantine.json` is not valid: the message names the file, the entry and the fix. */
export class QuarantineFileError extends AssayHistoryError {
  readonly file: string;

  constructor(file: string, problem: string) {
    super(
      'ASSAY_QUARANTINE_FILE_INVALID',
      `${file}: ${problem}. Fix the file by hand (it is plain JSON, see ${DOCS_SITE}/flaky-tests#_3-quarantine-a-test) ` +
        'or restore it from version control.',
    );
    this.name = 'QuarantineFileError';
    this.file = file;
  }
}

/** An option (from config, the command line or the environment) has a value assay cannot use. */
export class OptionError extends AssayHistoryError {
  readonly option: string;

  constructor(option: string, problem: string, code: HistoryErrorCode = 'ASSAY_OPTION_INVALID') {
    super(code, `${option}: ${problem}`);
    this.name = 'OptionError';
    this.option = option;
  }
}
