import type { CheckedExample } from '../model/case.js';
import type { Outcome } from '../model/observation.js';
import type { Problem } from '../model/report.js';
import type { FunctionUnit } from '../model/unit.js';
import type { Sandbox } from '../sandbox/host/sandbox.js';

/**
 * Runs each JSDoc example of a unit in the sandbox and keeps those whose stated result the code really
 * gives. An example that disagrees is reported (the documentation or the code is wrong), never written
 * as a test that fails.
 */
export async function checkExamples(
  sandbox: Sandbox,
  unit: FunctionUnit,
  timeoutMs: number,
): Promise<{ examples: CheckedExample[]; problems: Problem[] }> {
  const examples: CheckedExample[] = [];
  const problems: Problem[] = [];
  for (const example of unit.examples ?? []) {
    const { outcome } = await sandbox.evaluate(example.call, timeoutMs);
    const agrees =
      example.expected.kind === 'throws'
        ? outcome.kind === 'throw' &&
          (example.expected.error === undefined || errorName(outcome) === example.expected.error)
        : outcome.kind === 'return' &&
          sameValue(outcome, (await sandbox.evaluate(example.expected.code, timeoutMs)).outcome);
    if (agrees) {
      examples.push({ example, outcome });
      continue;
    }
    const stated =
      example.expected.kind === 'throws'
        ? `throws ${example.expected.error ?? ''}`.trim()
        : example.expected.code;
    problems.push({
      code: 'example-mismatch',
      unit: unit.name,
      message: `${unit.name}: the JSDoc example \`${example.call}\` says ${stated}, but the code gives ${describe(outcome)}; it was not written as a test.`,
    });
  }
  return { examples, problems };
}

function sameValue(actual: Outcome, expected: Outcome): boolean {
  return (
    expected.kind === 'return' &&
    actual.kind === 'return' &&
    JSON.stringify(actual.value) === JSON.stringify(expected.value)
  );
}

function errorName(outcome: Extract<Outcome, { kind: 'throw' }>): string | undefined {
  const error = outcome.error;
  return error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error'
    ? error.ctor
    : undefined;
}

function describe(outcome: Outcome): string {
  if (outcome.kind === 'return') return JSON.stringify(outcome.value);
  if (outcome.kind === 'throw') return `an error (${errorName(outcome) ?? 'a thrown value'})`;
  return outcome.kind;
}
