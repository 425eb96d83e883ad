import { OptionError } from './errors.js';
import {
  addEntry,
  type QuarantineEntry,
  type QuarantineFile,
  removeEntry,
  updateQuarantine,
} from './quarantine.js';
import { type ResultPoint, type VerdictThresholds, verdictOf } from './verdicts.js';

/** Automatic quarantine and release. Both are off unless turned on. */
export interface QuarantinePolicy {
  /**
   * Quarantine a test automatically once it has been judged flaky at the end of each of its last
   * `afterFlakyRuns` runs. Broken tests are never quarantined automatically.
   * @default false (`true` means `{ afterFlakyRuns: 2 }`)
   */
  autoQuarantine?: boolean | { afterFlakyRuns?: number };
  /**
   * Take a test out of quarantine after `afterPasses` consecutive clean passes (no retry, no failed
   * attempt) since it was quarantined. Only entries a policy added, unless `includeManual`.
   * Needs quarantine mode `report`: skipped tests produce no passes.
   * @default false (`true` means `{ afterPasses: 10, includeManual: false }`)
   */
  autoRelease?: boolean | { afterPasses?: number; includeManual?: boolean };
}

/** A policy with defaults filled in; `undefined` parts are off. */
export interface ResolvedPolicy {
  autoQuarantine?: { afterFlakyRuns: number };
  autoRelease?: { afterPasses: number; includeManual: boolean };
}

function wholeAtLeastOne(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new OptionError(option, `${value} is not a whole number ≥ 1`);
  return value;
}

/** Fills defaults and checks values. */
export function resolvePolicy(policy: QuarantinePolicy = {}, prefix = 'quarantine'): ResolvedPolicy {
  const resolved: ResolvedPolicy = {};
  if (policy.autoQuarantine) {
    const o = policy.autoQuarantine === true ? {} : policy.autoQuarantine;
    resolved.autoQuarantine = {
      afterFlakyRuns: wholeAtLeastOne(`${prefix}.autoQuarantine.afterFlakyRuns`, o.afterFlakyRuns ?? 2),
    };
  }
  if (policy.autoRelease) {
    const o = policy.autoRelease === true ? {} : policy.autoRelease;
    resolved.autoRelease = {
      afterPasses: wholeAtLeastOne(`${prefix}.autoRelease.afterPasses`, o.afterPasses ?? 10),
      includeManual: o.includeManual ?? false,
    };
  }
  return resolved;
}

/** Changes a policy wants to make to the quarantine list. */
export interface PolicyPlan {
  add: QuarantineEntry[];
  release: { entry: QuarantineEntry; passes: number }[];
}

function cleanPass(p: ResultPoint): boolean {
  return p.state === 'passed' && p.retries === 0 && !(p.attempts && p.attempts.failed > 0);
}

/**
 * What the policy would change, given every test's results (oldest first) and the current list.
 * Pure: the caller writes the changes (with `updateQuarantine`).
 */
export function planPolicy(
  results: ReadonlyMap<string, readonly ResultPoint[]>,
  list: QuarantineFile,
  policy: ResolvedPolicy,
  thresholds: VerdictThresholds,
  now: Date = new Date(),
): PolicyPlan {
  const plan: PolicyPlan = { add: [], release: [] };
  const listed = new Map(list.tests.map((t) => [t.id, t]));
  if (policy.autoQuarantine) {
    const n = policy.autoQuarantine.afterFlakyRuns;
    for (const [id, points] of results) {
      if (listed.has(id) || points.length < n) continue;
      let flakyEvery = true;
      let last: ReturnType<typeof verdictOf> | undefined;
      for (let k = 0; k < n && flakyEvery; k++) {
        const v = verdictOf(id, points.slice(0, points.length - k), thresholds);
        if (k === 0) last = v;
        flakyEvery = v.verdict === 'flaky';
      }
      if (flakyEvery && last) {
        plan.add.push({
          id,
          reason: `auto-quarantined: flaky in ${n} consecutive run${n === 1 ? '' : 's'} (${last.reason})`,
          since: now.toISOString(),
          auto: true,
        });
      }
    }
  }
  if (policy.autoRelease) {
    const { afterPasses, includeManual } = policy.autoRelease;
    for (const entry of list.tests) {
      if (!entry.auto && !includeManual) continue;
      const since = Date.parse(entry.since);
      const points = (results.get(entry.id) ?? []).filter((p) => Date.parse(p.at) >= since);
      let passes = 0;
      while (passes < points.length && cleanPass(points[points.length - 1 - passes]!)) passes++;
      if (passes >= afterPasses) plan.release.push({ entry, passes });
    }
  }
  return plan;
}

/**
 * Applies a plan to `.assay/quarantine.json` under its lock: adds the entries not listed yet, removes the
 * released ones still listed. Returns what changed, for the end-of-run summary.
 */
export async function applyPolicyPlan(
  root: string,
  plan: PolicyPlan,
): Promise<{ quarantined: QuarantineEntry[]; released: QuarantineEntry[] }> {
  if (plan.add.length === 0 && plan.release.length === 0) return { quarantined: [], released: [] };
  await updateQuarantine(root, (list) => {
    let next = list;
    for (const entry of plan.add)
      if (!next.tests.some((t) => t.id === entry.id)) next = addEntry(next, entry);
    for (const { entry } of plan.release)
      if (next.tests.some((t) => t.id === entry.id)) next = removeEntry(next, entry.id);
    return next;
  });
  return { quarantined: plan.add, released: plan.release.map((r) => r.entry) };
}
