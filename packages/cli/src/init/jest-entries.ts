/** The Jest entries `assay init` adds (see docs/jest.md). */
export const JEST_REPORTER = '@assay/jest-plugin/reporter';
export const JEST_ENVIRONMENT = '@assay/jest-plugin/environment';
export const JEST_SEQUENCER = '@assay/jest-plugin/sequencer';

/** A value written as code rather than a literal (`require(…)`, a variable): never edited. */
export const CODE = Symbol('code');

/** One config property as read from the file: absent, or its literal value (parts may be {@link CODE}). */
export type Read = { present: false } | { present: true; value: unknown };

/** One edit of the config object. `merge` adds keys to an object property (made if absent). */
export type JestEdit =
  | { key: string; op: 'set'; value: unknown }
  | { key: string; op: 'append'; value: unknown }
  | { key: string; op: 'merge'; value: Record<string, unknown> };

export interface JestPlan {
  edits: JestEdit[];
  notes: string[];
  /** Why the config cannot be edited safely, when it cannot. */
  refuse?: string;
}

/** The lines a user adds by hand when the config cannot be edited. */
export const JEST_BY_HAND = [
  `reporters: ['default', '${JEST_REPORTER}'],`,
  `testEnvironment: '${JEST_ENVIRONMENT}',`,
  `testSequencer: '${JEST_SEQUENCER}',`,
];

/**
 * What to change in a Jest config so the assay reporter, environment and sequencer run, keeping what
 * the user chose: their reporters stay, their environment (jsdom…) becomes the one assay's wraps.
 */
export function planJestEdits(read: (key: string) => Read): JestPlan {
  const plan: JestPlan = { edits: [], notes: [] };
  const reporters = read('reporters');
  if (!reporters.present) {
    plan.edits.push({ key: 'reporters', op: 'set', value: ['default', JEST_REPORTER] });
    plan.notes.push(`added reporters: 'default', '${JEST_REPORTER}'`);
  } else if (!Array.isArray(reporters.value)) {
    return { ...plan, refuse: '`reporters` is not an array literal' };
  } else if (
    reporters.value.some((r) => r === JEST_REPORTER || (Array.isArray(r) && r[0] === JEST_REPORTER))
  ) {
    plan.notes.push(`reporters already has '${JEST_REPORTER}'`);
  } else {
    plan.edits.push({ key: 'reporters', op: 'append', value: JEST_REPORTER });
    plan.notes.push(`added '${JEST_REPORTER}' to reporters`);
  }

  const environment = read('testEnvironment');
  const current = environment.present ? environment.value : undefined;
  if (current === JEST_ENVIRONMENT) {
    plan.notes.push(`testEnvironment is already '${JEST_ENVIRONMENT}'`);
  } else if (current !== undefined && typeof current !== 'string') {
    return { ...plan, refuse: '`testEnvironment` is not a string literal' };
  } else {
    plan.edits.push({ key: 'testEnvironment', op: 'set', value: JEST_ENVIRONMENT });
    if (current === undefined || current === 'node') {
      plan.notes.push(`set testEnvironment: '${JEST_ENVIRONMENT}'`);
    } else {
      // assay's environment wraps the one the tests need.
      const options = read('testEnvironmentOptions');
      if (options.present && (typeof options.value !== 'object' || options.value === null))
        return { ...plan, refuse: '`testEnvironmentOptions` is not an object literal' };
      plan.edits.push({
        key: 'testEnvironmentOptions',
        op: 'merge',
        value: { assay: { environment: current } },
      });
      plan.notes.push(
        `set testEnvironment: '${JEST_ENVIRONMENT}', wrapping '${current}' (testEnvironmentOptions.assay.environment)`,
      );
    }
  }

  const sequencer = read('testSequencer');
  if (!sequencer.present) {
    plan.edits.push({ key: 'testSequencer', op: 'set', value: JEST_SEQUENCER });
    plan.notes.push(`set testSequencer: '${JEST_SEQUENCER}'`);
  } else if (sequencer.value === JEST_SEQUENCER) {
    plan.notes.push(`testSequencer is already '${JEST_SEQUENCER}'`);
  } else {
    plan.notes.push(
      `kept your testSequencer; shards balanced by recorded durations need '${JEST_SEQUENCER}' instead`,
    );
  }
  return plan;
}

/** Applies `edits` to a plain config object (package.json's "jest", jest.config.json). */
export function applyToObject(config: Record<string, unknown>, edits: readonly JestEdit[]): void {
  for (const edit of edits) {
    if (edit.op === 'set') config[edit.key] = edit.value;
    else if (edit.op === 'append') (config[edit.key] as unknown[]).push(edit.value);
    else config[edit.key] = { ...(config[edit.key] as object | undefined), ...edit.value };
  }
}
