import { isAbsolute, relative, sep } from 'node:path';
import { AssayHistoryError } from './errors.js';

/** Separates the file from the test's names in a test id. */
export const ID_FILE_SEPARATOR = '::';
/** Joins describe/test names in a test id, outermost first. */
export const ID_NAME_SEPARATOR = ' > ';

/**
 * The id of a test: `<file path relative to root, posix>::<describe > ... > test>`.
 * Ids are what the history, the quarantine list and the command line use to name a test, so they must
 * not depend on the machine: the path is relative and uses `/` on every platform.
 */
export function testId(root: string, file: string, names: readonly string[]): string {
  const rel = isAbsolute(file) ? relative(root, file) : file;
  const posix = sep === '/' ? rel : rel.split(sep).join('/');
  return `${posix}${ID_FILE_SEPARATOR}${names.join(ID_NAME_SEPARATOR)}`;
}

/** Splits a test id into its file and its names. Throws a clear error when it is not an id. */
export function parseTestId(id: string): { file: string; names: string[] } {
  const at = id.indexOf(ID_FILE_SEPARATOR);
  if (at <= 0 || at + ID_FILE_SEPARATOR.length >= id.length) {
    throw new AssayHistoryError(
      'ASSAY_TEST_ID_INVALID',
      `"${id}" is not a test id: ids look like "src/math.test.ts::add > handles negatives" ` +
        '(file relative to the project root, "::", then describe and test names joined by " > "). ' +
        'Run `assay flaky --json` to list the ids assay knows.',
    );
  }
  return {
    file: id.slice(0, at),
    names: id.slice(at + ID_FILE_SEPARATOR.length).split(ID_NAME_SEPARATOR),
  };
}

/** The file part of a test id (no validation). */
export function fileOfTestId(id: string): string {
  const at = id.indexOf(ID_FILE_SEPARATOR);
  return at < 0 ? id : id.slice(0, at);
}
