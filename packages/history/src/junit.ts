// A run's results as JUnit XML, one writer for every runner plugin. The layout follows Maven Surefire's
// report (surefire-test-report.xsd): it is the format that defines `<flakyFailure>`/`<rerunFailure>`,
// which Jenkins, GitLab and Buildkite read, and its schema is what the tests validate against.
import { isAbsolute, resolve } from 'node:path';
import { XMLBuilder } from 'fast-xml-parser';
import { writeFileAtomic } from './atomic.js';
import type { QuarantineMode } from './quarantine.js';
import { fileOfTestId, ID_FILE_SEPARATOR } from './testId.js';
import type { TestResult } from './types.js';
import type { TestVerdict } from './verdicts.js';

/** Suite-level property naming a quarantined test (one per test, value: its assay test id). */
export const JUNIT_QUARANTINED = 'assay.quarantined';
/** Suite-level property naming a test the history judges flaky (one per test, value: its id). */
export const JUNIT_FLAKY = 'assay.flaky';

/** What {@link junitXml} turns into a report. */
export interface JunitInput {
  /** The runner, e.g. `{ name: 'vitest', version: '4.1.12' }`: the suite's name. */
  runner: { name: string; version: string };
  /** The run's results, as the run record holds them. */
  tests: readonly TestResult[];
  /** Quarantine mode of the run: `report` keeps quarantined failures out of the failure count. */
  mode: QuarantineMode;
  /** Quarantine reasons by test id (tests quarantined in code have none). */
  reasons?: ReadonlyMap<string, string>;
  /** Verdicts after the run (flaky ones are marked); absent when the run was not recorded. */
  verdicts?: readonly TestVerdict[];
}

type Node = Record<string, unknown>;

// XML 1.0 forbids most control characters even escaped; error messages can carry them (ANSI, \b).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing the characters XML cannot hold.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const clean = (text: string) => text.replace(INVALID_XML, '');

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** `AssertionError: expected 1 …` → `AssertionError`; anything else → `Error`. */
function errorType(message: string | undefined): string {
  return /^([A-Za-z_$][\w$.]*(?:Error|Exception))\b/.exec(message ?? '')?.[1] ?? 'Error';
}

/** Failed attempts of a test in this run: retries and early-flake-detection repeats included. */
function failedAttempts(test: TestResult): number {
  if (test.attempts) return test.attempts.failed;
  return test.state === 'failed' ? test.retries + 1 : test.retries;
}

function problem(message: string | undefined, fallback: string): Node {
  const text = clean(message ?? fallback);
  return { '@_message': text, '@_type': errorType(message), '#text': text };
}

function testcase(test: TestResult, input: JunitInput, flaky: TestVerdict | undefined): Node {
  const file = fileOfTestId(test.id);
  const name = test.id.slice(file.length + ID_FILE_SEPARATOR.length) || test.id;
  const node: Node = {
    '@_name': clean(name),
    '@_classname': clean(file),
    '@_time': seconds(test.durationMs),
  };
  const failed = failedAttempts(test);
  const notes: string[] = [];
  const excused = test.quarantined === true && input.mode !== 'off';
  if (test.state === 'failed' && !excused) {
    node.failure = problem(test.error, 'failed');
    if (failed > 1) {
      node.rerunFailure = Array.from({ length: failed - 1 }, () =>
        problem(test.error, 'failed again on retry'),
      );
    }
  } else if (test.state === 'passed' && failed > 0) {
    // Surefire's convention for a test that failed, then passed on a rerun: the build is green, the
    // flakiness is on record.
    node.flakyFailure = Array.from({ length: failed }, () =>
      problem(test.error, `failed ${failed} of ${failed + 1} attempts, then passed`),
    );
  }
  if (test.state === 'skipped') {
    const reason = input.reasons?.get(test.id);
    node.skipped = excused
      ? { '@_message': clean(`quarantined${reason ? `: ${reason}` : ' (marked in code)'}`) }
      : '';
  }
  if (excused && test.state !== 'skipped') {
    const reason = input.reasons?.get(test.id);
    notes.push(
      `assay: quarantined (${input.mode} mode)${reason ? `: ${reason}` : ''}. ` +
        (test.state === 'failed'
          ? `It failed and the failure does not fail the build: ${test.error ?? 'no message'}`
          : 'It passed in this run.'),
    );
  }
  if (flaky) notes.push(`assay: judged flaky: ${flaky.reason}`);
  if (notes.length) node['system-out'] = clean(notes.join('\n'));
  return node;
}

/**
 * The JUnit XML report of a run: one `<testsuite>` named after the runner, one `<testcase>` per test
 * (`classname` the test file, `name` its describe/test names joined by ` > `: together the assay test
 * id). Quarantined tests: `<skipped message="quarantined: …">` when they did not run; when they ran
 * (report mode), a `<system-out>` note and no `<failure>`, not counted in `failures`. Tests that
 * passed after failing (retries, repeats) carry one `<flakyFailure>` per failed attempt, failed tests
 * one `<rerunFailure>` per failed retry (Surefire's convention). Quarantined and flaky tests are also
 * named in suite properties `assay.quarantined` / `assay.flaky`: the schema allows properties only on
 * the suite. Tests are sorted by id, so the same results give the same file.
 *
 * @example
 * const xml = junitXml({ runner: { name: 'vitest', version: '4.1.12' }, tests: record.tests, mode: 'report' });
 */
export function junitXml(input: JunitInput): string {
  const tests = [...input.tests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const flaky = new Map((input.verdicts ?? []).filter((v) => v.verdict === 'flaky').map((v) => [v.id, v]));
  const excused = (t: TestResult) => t.quarantined === true && input.mode !== 'off';
  const properties: Node[] = [
    { '@_name': 'assay.runner', '@_value': `${input.runner.name} ${input.runner.version}` },
    { '@_name': 'assay.quarantine-mode', '@_value': input.mode },
    ...tests.filter(excused).map((t) => ({ '@_name': JUNIT_QUARANTINED, '@_value': clean(t.id) })),
    ...tests.filter((t) => flaky.has(t.id)).map((t) => ({ '@_name': JUNIT_FLAKY, '@_value': clean(t.id) })),
  ];
  const suite: Node = {
    '@_name': input.runner.name,
    '@_tests': String(tests.length),
    '@_failures': String(tests.filter((t) => t.state === 'failed' && !excused(t)).length),
    '@_errors': '0',
    '@_skipped': String(tests.filter((t) => t.state === 'skipped').length),
    '@_time': seconds(tests.reduce((sum, t) => sum + t.durationMs, 0)),
    properties: { property: properties },
    testcase: tests.map((t) => testcase(t, input, flaky.get(t.id))),
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ testsuite: suite })}`;
}

/**
 * Writes {@link junitXml}'s report to `file` (relative to `root` unless absolute), creating its folder,
 * atomically, so a CI step never reads half a file. Returns the absolute path.
 */
export async function writeJunit(root: string, file: string, input: JunitInput): Promise<string> {
  const path = isAbsolute(file) ? file : resolve(root, file);
  await writeFileAtomic(path, junitXml(input));
  return path;
}
