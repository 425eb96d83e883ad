import {
  HistoryIndex,
  OptionError,
  type QuarantineMode,
  type ResolvedPolicy,
  RunStore,
  readQuarantine,
  resolvePolicy,
  resolveQuarantineMode,
  resolveThresholds,
  type VerdictThresholds,
  validateRunOptions,
  type WorkerBudgetPlan,
} from '@assay/history';
import { type AssayVitestOptions, DEFAULT_OPTIONS } from './options.js';
import type { WorkerConfig } from './shared.js';

/** Everything the plugin resolved before the run; shared by the plugin hooks and the reporter. */
export interface RunState {
  root: string;
  mode: QuarantineMode;
  /** Quarantined ids and their reasons, from `.assay/quarantine.json`. */
  quarantined: Map<string, string>;
  policy: ResolvedPolicy;
  thresholds: VerdictThresholds;
  worker: WorkerConfig;
  /** Notes to print at the end of the run (e.g. early flake detection was off). */
  notes: string[];
  /** The memory-budget plan applied to this run, when `memoryBudget` is set. */
  budget?: WorkerBudgetPlan;
}

/** Checks the options once, at config time, so a typo fails before any test runs. */
export function validateOptions(options: AssayVitestOptions): void {
  const where = (field: string) => `assay({ ${field} })`;
  validateRunOptions(options, where);
  if (options.shard !== undefined && options.shard !== 'duration' && options.shard !== 'count') {
    throw new OptionError(where('shard'), `${JSON.stringify(options.shard)} is not 'duration' or 'count'`);
  }
  const efd = options.earlyFlakeDetection;
  if (typeof efd === 'object' && efd.runs !== undefined && !(Number.isInteger(efd.runs) && efd.runs >= 2)) {
    throw new OptionError(
      'assay({ earlyFlakeDetection: { runs } })',
      `${efd.runs} is not a whole number ≥ 2`,
    );
  }
}

/** Reads the quarantine list (and the history, for early flake detection) for one run. */
export async function loadRunState(options: AssayVitestOptions, root: string): Promise<RunState> {
  const mode = resolveQuarantineMode(options.quarantine?.mode);
  const quarantined = new Map<string, string>();
  if (mode !== 'off') {
    for (const entry of (await readQuarantine(root)).tests) quarantined.set(entry.id, entry.reason);
  }
  const notes: string[] = [];
  const worker: WorkerConfig = { root, mode, quarantined: Object.fromEntries(quarantined) };
  const efd = options.earlyFlakeDetection;
  if (efd) {
    const runs = (typeof efd === 'object' ? efd.runs : undefined) ?? DEFAULT_OPTIONS.earlyFlakeDetectionRuns;
    const history = await HistoryIndex.load(RunStore.forRoot(root));
    const known = new Set(history.ids());
    if (known.size > 0) worker.efd = { runs, known: [...known] };
    else notes.push('early flake detection waits for a first recorded run (no history yet)');
  }
  return {
    root,
    mode,
    quarantined,
    policy: resolvePolicy(options.quarantine),
    thresholds: resolveThresholds(options.thresholds),
    worker,
    notes,
  };
}
