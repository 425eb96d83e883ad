import {
  type ArbitrarySpec,
  type CallableFunction,
  inferProperties,
  type PropertyKind,
  type PropertyReport,
} from '@assay/property';
import { accessPath, type FunctionUnit, type Unit } from '../analyze/unit.js';
import { decode, encode, opaqueInside } from './codec.js';
import type { Sandbox } from './sandbox.js';

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

/**
 * Property inference (`@assay/property`) over a file's functions, called in its sandbox: round trips,
 * idempotence, commutativity, invariants… each checked on samples with a fixed seed before it is kept.
 * Functions taking callbacks are left out (their stubs only exist in the sandbox).
 */
export async function inferFileProperties(
  sandbox: Sandbox,
  units: readonly Unit[],
  options: { seed: number; callTimeoutMs: number },
): Promise<PropertyReport> {
  const callable = units
    .filter((u): u is FunctionUnit => u.kind === 'function')
    .filter((u) => !u.parameters.some((p) => hasFunction(p.spec)))
    .map((unit) => callThroughSandbox(sandbox, unit, options.callTimeoutMs));
  if (callable.length === 0) return { kept: [], rejected: [], skipped: [] };
  const functions = units.filter((u): u is FunctionUnit => u.kind === 'function');
  return inferProperties(callable, {
    seed: options.seed,
    numRuns: NUM_RUNS,
    timeoutMs: options.callTimeoutMs,
    kinds: KINDS,
    // The constants the code compares against also serve as inputs that falsify false candidates.
    literals: {
      strings: [...new Set(functions.flatMap((u) => u.constants.strings))],
      numbers: [...new Set(functions.flatMap((u) => u.constants.numbers))],
    },
  });
}

function callThroughSandbox(sandbox: Sandbox, unit: FunctionUnit, timeoutMs: number): CallableFunction {
  return {
    name: unit.name,
    parameters: unit.parameters.map((p) => ({ name: p.name, spec: p.spec, rest: p.rest })),
    ...(unit.returns ? { returns: unit.returns } : {}),
    // Every sandbox call answers with a promise; whether the function itself is async is known.
    isAsync: unit.isAsync,
    async call(args: unknown[]) {
      const { outcome } = await sandbox.call(
        accessPath(unit),
        args.map((a) => encode(a)),
        false,
        timeoutMs,
      );
      if (outcome.kind === 'return') {
        const opaque = opaqueInside(outcome.value);
        if (opaque) throw new Error(`${unit.name} returned ${opaque}`);
        return decode(outcome.value);
      }
      if (outcome.kind === 'throw') {
        const error = decode(outcome.error);
        throw error instanceof Error ? error : new Error(String(error));
      }
      throw new Error(`${unit.name}: ${outcome.kind}`);
    },
  };
}

function hasFunction(spec: ArbitrarySpec): boolean {
  if (spec.kind === 'function') return true;
  return Object.values(spec).some(
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      (Array.isArray(value)
        ? value.some((v) => v !== null && typeof v === 'object' && hasFunction('kind' in v ? v : v.spec))
        : 'kind' in value && hasFunction(value as ArbitrarySpec)),
  );
}
