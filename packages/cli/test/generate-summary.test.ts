import type { GenerateReport } from '@assay/core';
import { describe, expect, test } from 'vitest';
import { decodeValuesIn } from '../src/output/encoded-values.js';
import { printGenerateSummary, problemLine } from '../src/output/generate-summary.js';

function summary(report: GenerateReport): string {
  let text = '';
  printGenerateSummary(report, {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as NodeJS.WritableStream);
  return text;
}

const oneFile: GenerateReport = {
  root: '/p',
  framework: 'vitest',
  durationMs: 1200,
  files: [
    {
      source: 'src/a.ts',
      output: 'src/a.assay.test.ts',
      status: 'written',
      units: [],
      tests: 1,
      problems: [
        {
          code: 'property-rejected',
          message:
            'property not written: add is commutative; counterexample [{"$":"object","v":{"a":{"$":"undefined"}}},{"$":"number","v":"NaN"}]',
        },
      ],
      durationMs: 1000,
    },
  ],
  totals: { files: 1, written: 1, unchanged: 0, cached: 0, failed: 0, units: 1, tests: 1, problems: 1 },
} as unknown as GenerateReport;

describe('generate summary', () => {
  test('counts read in the singular for one ("1 file", "1 test", "1 function")', () => {
    const text = summary(oneFile);
    expect(text).toContain('src/a.ts → src/a.assay.test.ts (1 test)');
    expect(text).toContain('1 file: 1 written, 0 unchanged, 0 failed; 1 test for 1 function (vitest)');
    expect(text).not.toMatch(/\b1 (tests|files|functions)\b/);
  });

  test('a rejected property is a note in plain JavaScript, not the sandbox encoding', () => {
    const text = summary(oneFile);
    expect(text).toContain(
      'note: property "add is commutative" does not hold (e.g. for [{ a: undefined }, NaN]), so it was not written',
    );
    expect(text).not.toContain('"$"');
  });

  test('coverage that could not be measured reads as "not measured", with no "?" figures nor a target verdict', () => {
    const unmeasured = structuredClone(oneFile);
    const file = unmeasured.files[0] as GenerateReport['files'][number];
    file.coverage = {
      runner: { name: 'vitest', version: '4.1.12' },
      target: 85,
      met: false,
      before: undefined,
      iterations: [{ iteration: 0, coverage: undefined, kept: true }],
      final: undefined,
      kept: 1,
      dropped: [],
      remaining: [],
      stages: {},
    } as unknown as NonNullable<typeof file.coverage>;
    const text = summary(unmeasured);
    expect(text).toContain(
      '    coverage (vitest 4.1.12): not measured, so the coverage-gap loop did not run\n',
    );
    expect(text).not.toContain('?');
    expect(text).not.toContain('not met');
  });
});

describe('decodeValuesIn', () => {
  test('writes each tagged value as JavaScript and leaves other text and JSON alone', () => {
    expect(
      decodeValuesIn(
        'got {"$":"map","v":[["k",{"$":"bigint","v":"10"}]]} and {"$":"date","v":0}; plain {"a":1} [1,2] {oops',
      ),
    ).toBe('got new Map([["k", 10n]]) and new Date("1970-01-01T00:00:00.000Z"); plain {"a":1} [1,2] {oops');
    expect(decodeValuesIn('{"$":"instance","ctor":"Point","v":{"x":1,"my key":{"$":"set","v":[2]}}}')).toBe(
      'Point { x: 1, "my key": new Set([2]) }',
    );
  });

  test('other problems keep their code in front', () => {
    expect(problemLine({ code: 'timeout', message: 'call took too long with {"$":"undefined"}' })).toBe(
      'timeout: call took too long with undefined',
    );
  });
});
