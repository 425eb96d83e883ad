import { describe, expect, test } from 'vitest';
import { AssayHistoryError, parseTestId, testId } from '../src/index.js';

describe('testId', () => {
  test('joins the posix path relative to the root and the names from the outermost describe', () => {
    expect(testId('/repo', '/repo/src/math/add.test.ts', ['add', 'negatives', 'sums them'])).toBe(
      'src/math/add.test.ts::add > negatives > sums them',
    );
  });

  test('keeps a path that is already relative', () => {
    expect(testId('/repo', 'src/a.test.ts', ['t'])).toBe('src/a.test.ts::t');
  });

  test('parseTestId splits an id back into file and names', () => {
    expect(parseTestId('src/a.test.ts::outer > inner')).toEqual({
      file: 'src/a.test.ts',
      names: ['outer', 'inner'],
    });
  });

  test('parseTestId rejects a string without a file part with a coded error that shows the format', () => {
    const error = (() => {
      try {
        parseTestId('just a name');
      } catch (e) {
        return e;
      }
    })() as AssayHistoryError;
    expect(error).toBeInstanceOf(AssayHistoryError);
    expect(error.code).toBe('ASSAY_TEST_ID_INVALID');
    expect(error.message).toContain('src/math.test.ts::add > handles negatives');
  });
});
