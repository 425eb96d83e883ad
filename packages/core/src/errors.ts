/**
 * Errors that reach the user. Each has a stable `code` (for scripts and docs) and a message that
 * names the file or option and says what to do next.
 */
export class AssayError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'AssayError';
    this.code = code;
  }
}

/** The output path holds a file that assay did not write; it is never overwritten. */
export class OutputConflictError extends AssayError {
  constructor(readonly outputPath: string) {
    super(
      'ASSAY_OUTPUT_CONFLICT',
      `${outputPath} exists and was not written by assay (its first line is not the assay marker), so it is left untouched. ` +
        'Move or rename that file, or pass --out-dir to write generated tests elsewhere.',
    );
  }
}

/** An option has a value assay cannot use. */
export class InvalidOptionError extends AssayError {
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super('ASSAY_INVALID_OPTION', `Option ${option}: ${problem}`);
  }
}

/** A path given to generate does not exist or holds no TypeScript/JavaScript source. */
export class NoSourcesError extends AssayError {
  constructor(paths: readonly string[]) {
    super(
      'ASSAY_NO_SOURCES',
      `No source files found in ${paths.join(', ')}. Pass .ts/.tsx/.js files or folders that contain them ` +
        '(test files, declaration files and node_modules are left out).',
    );
  }
}
