/** Codes of the errors only the Jest plugin raises (option and file errors come from `@assay/history`). */
export type JestPluginErrorCode =
  | 'ASSAY_JEST_ENVIRONMENT_NOT_FOUND'
  | 'ASSAY_JEST_ENVIRONMENT_MISSING'
  | 'ASSAY_JEST_OPTION_UNSUPPORTED';

/** An error of `@assay/jest-plugin`: a stable `code` and a message that says what to do next. */
export class AssayJestError extends Error {
  readonly code: JestPluginErrorCode;

  constructor(code: JestPluginErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'AssayJestError';
    this.code = code;
  }
}
