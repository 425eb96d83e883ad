import { DiagnoseError, UnknownTestError } from './errors.js';
import type { DiagnoseReport, Execute, ObservedTest, RunOutcome, RunRequest } from './types.js';

/** How hard to look; every count is a number of runner invocations. */
export interface DiagnoseOptions {
  /** Runs of the test alone. */
  runs: number;
  /** Runs of the whole file in its own order. */
  fileRuns: number;
  /** Runs of the whole file shuffled, with seeds `seed`, `seed + 1`, … */
  shuffles: number;
  seed: number;
  /** Runs of the culprit-then-victim pair that must all show the change before a culprit is named. */
  confirm: number;
  /** Called before each step, for progress output. */
  onStep?: (step: string) => void;
}

type State = ObservedTest['state'];

/** Seeded shuffles tried to put one test before another when the file declares it after. */
const FLIP_ATTEMPTS = 8;

/**
 * Diagnoses whether `victim` depends on the order of the tests in its file, iDFlakies-style: run it
 * alone, in its file's order and in shuffled orders; when its outcome alone differs from its outcome
 * after other tests, find the one test whose running first changes it (bisecting the tests that ran
 * before it, then checking the pair).
 */
export async function diagnoseOrder(
  victim: string,
  file: string,
  execute: Execute,
  options: DiagnoseOptions,
): Promise<DiagnoseReport> {
  let invocations = 0;
  const run = (request: RunRequest): Promise<RunOutcome> => {
    invocations++;
    return execute(request);
  };
  const step = options.onStep ?? (() => {});

  step(`running ${file} in its own order (${options.fileRuns}×)`);
  const fileOrder = [await run({ file })];
  const declared = fileOrder[0]?.tests.map((t) => t.id) ?? [];
  if (!declared.length) {
    throw new DiagnoseError(
      'ASSAY_DIAGNOSE_RUNNER_FAILED',
      `the runner reported no test of ${file}: check that its config includes the file and that the file ` +
        `loads. Its output ends with:\n${tail(fileOrder[0]?.output)}`,
    );
  }
  if (!declared.includes(victim)) throw new UnknownTestError(victim, file, declared);
  for (let i = 1; i < options.fileRuns; i++) fileOrder.push(await run({ file }));

  step(`running the test alone (${options.runs}×)`);
  let aloneRuns = 0;
  let aloneFailed = 0;
  const runAlone = async (times: number) => {
    for (let i = 0; i < times; i++, aloneRuns++) {
      if (reported(await run({ file, only: [victim] }), victim) === 'failed') aloneFailed++;
    }
  };
  await runAlone(options.runs);
  const mixedAlone = () => aloneFailed > 0 && aloneFailed < aloneRuns;
  const notOrderDependent = () => `not order-dependent (fails alone: ${aloneFailed}/${aloneRuns})`;
  const report = (
    rest: Omit<DiagnoseReport, 'test' | 'alone' | 'fileOrder' | 'invocations'>,
  ): DiagnoseReport => ({
    test: victim,
    ...rest,
    alone: { runs: aloneRuns, failed: aloneFailed },
    fileOrder: {
      runs: fileOrder.length,
      failed: fileOrder.filter((o) => stateIn(o, victim) === 'failed').length,
    },
    invocations,
  });
  const noShuffles = { runs: 0, failed: 0, seeds: [], failingSeeds: [] };
  if (mixedAlone()) {
    return report({
      verdict: 'not-order-dependent',
      message: notOrderDependent(),
      shuffled: noShuffles,
    });
  }
  // The outcome alone is steady: look for orders that change it.
  const baseline: State = aloneFailed === 0 ? 'passed' : 'failed';
  const changed = (outcome: RunOutcome) => {
    const state = stateIn(outcome, victim);
    return state !== undefined && state !== baseline;
  };

  const shuffled = { ...noShuffles, seeds: [] as number[], failingSeeds: [] as number[] };
  let evidence = fileOrder.find(changed);
  if (!evidence) {
    step(`running ${file} in ${options.shuffles} shuffled orders (seeds from ${options.seed})`);
    for (let i = 0; i < options.shuffles; i++) {
      const seed = options.seed + i;
      const outcome = await run({ file, seed });
      shuffled.runs++;
      shuffled.seeds.push(seed);
      if (stateIn(outcome, victim) === 'failed') {
        shuffled.failed++;
        shuffled.failingSeeds.push(seed);
      }
      if (!evidence && changed(outcome)) evidence = outcome;
    }
  }
  if (!evidence) {
    const message =
      baseline === 'passed'
        ? `could not reproduce: passed alone ${options.runs}/${options.runs}, in file order ` +
          `${fileOrder.length}/${fileOrder.length} and in ${shuffled.runs} shuffled orders`
        : `${notOrderDependent().slice(0, -1)}, and in every order tried)`;
    return report({
      verdict: baseline === 'passed' ? 'could-not-reproduce' : 'not-order-dependent',
      message,
      shuffled,
    });
  }

  step('looking for the test that changes its outcome');
  const ranBefore = evidence.tests
    .slice(
      0,
      evidence.tests.findIndex((t) => t.id === victim),
    )
    .map((t) => t.id);
  const culprit = await findCulprit({ victim, file, declared, ranBefore, run, changed, options });
  if (culprit) {
    // A test that fails at random can fail in the pair runs by chance: check alone once more.
    step('checking the test alone again');
    await runAlone(options.confirm);
    if (mixedAlone())
      return report({ verdict: 'not-order-dependent', message: notOrderDependent(), shuffled });
  }
  const kind = baseline === 'passed' ? 'polluter' : 'state-setter';
  const where =
    evidence === fileOrder.find(changed) ? 'in file order' : `with seed ${shuffled.failingSeeds[0]}`;
  let message: string;
  if (culprit && kind === 'polluter') message = `order-dependent: fails after ${culprit}`;
  else if (culprit)
    message = `order-dependent: fails alone (${aloneFailed}/${aloneRuns}), passes after ${culprit}`;
  else
    message =
      `order-dependent: ${baseline === 'passed' ? 'fails' : 'passes'} ${where}, but no single test run ` +
      'before it explains it (it may take several together)';
  return report({ verdict: 'order-dependent', message, kind, ...(culprit ? { culprit } : {}), shuffled });
}

interface SearchContext {
  victim: string;
  file: string;
  /** The file's tests in declaration order. */
  declared: string[];
  /** The tests that ran before the victim in the run where its outcome changed. */
  ranBefore: string[];
  run: (request: RunRequest) => Promise<RunOutcome>;
  changed: (outcome: RunOutcome) => boolean;
  options: DiagnoseOptions;
}

async function findCulprit(context: SearchContext): Promise<string | undefined> {
  const { victim, declared, ranBefore } = context;
  const at = declared.indexOf(victim);
  // A filtered run keeps the file's order, so tests declared before the victim can be bisected.
  const earlier = declared.filter((id, i) => i < at && ranBefore.includes(id));
  const found = await bisect(context, earlier);
  if (found) return found;
  // Tests declared after the victim ran before it only in a shuffled order: try them one by one,
  // nearest to the victim first.
  const later = ranBefore.filter((id) => declared.indexOf(id) > at).reverse();
  for (const candidate of later) if (await flipsWhenFirst(context, candidate)) return candidate;
  return undefined;
}

async function bisect(context: SearchContext, candidates: string[]): Promise<string | undefined> {
  const { victim, file, run, changed } = context;
  const changesWith = async (group: string[]) => changed(await run({ file, only: [...group, victim] }));
  if (!candidates.length || !(await changesWith(candidates))) return undefined;
  let group = candidates;
  while (group.length > 1) {
    const half = Math.ceil(group.length / 2);
    const [first, second] = [group.slice(0, half), group.slice(half)];
    if (await changesWith(first)) group = first;
    else if (await changesWith(second)) group = second;
    else break; // it takes tests from both halves together: try each alone below
  }
  for (const candidate of group.length === 1 ? group : [...group].reverse()) {
    if (group.length > 1 && !(await changesWith([candidate]))) continue;
    let confirmed = true;
    for (let i = 0; i < context.options.confirm && confirmed; i++) confirmed = await changesWith([candidate]);
    if (confirmed) return candidate;
  }
  return undefined;
}

/** Runs `candidate` and the victim shuffled until `candidate` goes first; confirms the change. */
async function flipsWhenFirst(context: SearchContext, candidate: string): Promise<boolean> {
  const { victim, file, run, changed, options } = context;
  let seen = 0;
  for (let attempt = 0; attempt < FLIP_ATTEMPTS && seen < options.confirm; attempt++) {
    const seed = options.seed + options.shuffles + attempt;
    const outcome = await run({ file, only: [candidate, victim], seed });
    const order = outcome.tests.map((t) => t.id);
    if (order.indexOf(candidate) < 0 || order.indexOf(candidate) > order.indexOf(victim)) continue;
    if (!changed(outcome)) return false;
    seen++;
  }
  return seen >= options.confirm;
}

/** The victim's state in a run that had to run it; a run that did not is a runner problem. */
function reported(outcome: RunOutcome, id: string): State {
  const state = stateIn(outcome, id);
  if (state) return state;
  throw new DiagnoseError(
    'ASSAY_DIAGNOSE_RUNNER_FAILED',
    `the runner did not report "${id}" when asked to run it alone. Its output ends with:\n${tail(outcome.output)}`,
  );
}

function tail(output = ''): string {
  return output.trim().split('\n').slice(-15).join('\n') || '(no output)';
}

function stateIn(outcome: RunOutcome, id: string): State | undefined {
  return outcome.tests.find((t) => t.id === id)?.state;
}
