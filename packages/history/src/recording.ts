/**
 * `ASSAY_RECORD=off` keeps a run out of `.assay/runs/` whatever the config says: for runs that are
 * not a picture of the suite, such as the reruns of `assay flaky diagnose`.
 */
export const RECORD_ENV = 'ASSAY_RECORD';

/** Whether the environment turns recording off for this run. */
export function recordingOffByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[RECORD_ENV]?.trim() === 'off';
}
