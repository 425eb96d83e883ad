import path from 'node:path';
import type { FunctionDescription, PropertyKind } from '@assay/property';
import { findInSpec } from '../analyze/find-in-spec.js';
import { projectHas } from '../analyze/project-dependency.js';
import type { Framework } from '../model/options.js';
import type { Problem } from '../model/report.js';
import { accessPath, type FunctionUnit, type Unit } from '../model/unit.js';
import { type Sandbox, SandboxRequestError } from '../sandbox/host/sandbox.js';
import type { InferResult } from '../sandbox/protocol.js';

/** Samples per property: enough to reject most false candidates, few enough for a whole repository. */
const NUM_RUNS = 100;

/**
 * Kinds worth a test. `deterministic` is left out: the verification run already checks that every
 * written case repeats, and it made most of the kept properties without saying much.
 */
const KINDS: PropertyKind[] = [
  'round-trip',
  'idempotent',
  'involution',
  'commutative',
  'associative',
  'identity-element',
  'length-preserved',
  'sorted',
  'permutation',
  'subset',
  'within-range',
  'no-throw',
];

export interface FileProperties {
  /** The `describe('properties', …)` block to write and its imports; undefined when none is written. */
  tests: { code: string; imports: string[]; count: number } | undefined;
  problems: Problem[];
}

/**
 * Property inference (`@assay/property`) over a file's functions, run inside its sandbox where the
 * module is loaded: round trips, idempotence, commutativity, invariants… each checked on samples with
 * a fixed seed before it is kept. Functions taking callbacks are left out (their stubs only exist for
 * the example-based cases).
 */
export async function inferFileProperties(
  sandbox: Sandbox,
  units: readonly Unit[],
  options: { seed: number; callTimeoutMs: number; unitBudgetMs: number; root: string; framework: Framework },
): Promise<FileProperties> {
  const functions = units
    .filter((u): u is FunctionUnit => u.kind === 'function')
    // Properties call the functions with values drawn from the specs: no stubs, no promises made of them.
    .filter(
      (u) =>
        !u.parameters.some(
          (p) => p.promised || p.template || findInSpec(p.spec, (s) => s.kind === 'function'),
        ),
    );
  if (functions.length === 0) return { tests: undefined, problems: [] };
  if (!projectHas(options.root, 'fast-check')) {
    // Property tests need fast-check in the project: without it they could not run, so none are looked for.
    return {
      tests: undefined,
      problems: [
        {
          code: 'property-skipped',
          message: `fast-check is not a dependency of ${path.join(options.root, 'package.json')}: add it (npm i -D fast-check) to get property tests.`,
        },
      ],
    };
  }
  const style =
    options.framework === 'vitest' && projectHas(options.root, '@fast-check/vitest')
      ? 'test.prop'
      : 'fc.assert';
  const result = await sandbox
    .infer(
      {
        functions: functions.map(describe),
        paths: functions.map(accessPath),
        options: {
          seed: options.seed,
          numRuns: NUM_RUNS,
          timeoutMs: options.callTimeoutMs,
          kinds: KINDS,
          // The constants the code compares against also serve as inputs that falsify false candidates.
          literals: {
            strings: [...new Set(functions.flatMap((u) => u.constants.strings))],
            numbers: [...new Set(functions.flatMap((u) => u.constants.numbers))],
          },
        },
        render: { style },
      },
      // A hang guard in CPU time: the samples are counted (numRuns), so only code stuck in a loop gets here.
      options.unitBudgetMs * 2,
    )
    .catch((error: unknown) => {
      if (error instanceof SandboxRequestError) return error;
      throw error;
    });
  if (result instanceof SandboxRequestError) {
    return {
      tests: undefined,
      problems: [{ code: 'sandbox-crash', message: `property inference failed: ${result.message}` }],
    };
  }
  if (!result) {
    return {
      tests: undefined,
      problems: [
        {
          code: 'timeout',
          message: `property inference used more than ${(options.unitBudgetMs * 2) / 1000} s of CPU time (twice unitBudgetMs, a hang guard) and was stopped`,
        },
      ],
    };
  }
  return report(result);
}

function report(result: InferResult): FileProperties {
  const problems: Problem[] = result.rejected.map((r) => ({
    code: 'property-rejected',
    message: `property not written: ${r.title}; counterexample ${JSON.stringify(r.counterexample)}`,
  }));
  if (result.kept.length === 0) return { tests: undefined, problems };
  return { tests: { code: result.code, imports: result.imports, count: result.kept.length }, problems };
}

function describe(unit: FunctionUnit): FunctionDescription {
  return {
    name: unit.name,
    parameters: unit.parameters.map((p) => ({ name: p.name, spec: p.spec, rest: p.rest })),
    ...(unit.returns ? { returns: unit.returns } : {}),
    isAsync: unit.isAsync,
  };
}
