// CI has 20 minutes on two shared cores. A few checks cost more than they add on every push and run
// only in the full suite: `ASSAY_FULL=1 pnpm test` (before a release, or nightly).

/**
 * Whether the full suite runs (`ASSAY_FULL=1`): the hostile suite under Jest too and every route of it
 * (CI runs every second one), saturated regenerations.
 */
export const FULL_SUITE = process.env.ASSAY_FULL === '1';
