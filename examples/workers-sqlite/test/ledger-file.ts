import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jestWorker from '@assay/jest-plugin/worker';
import * as vitestWorker from '@assay/vitest-plugin/worker';

// The same test files run under both runners; each runner has its own worker entry (Vitest numbers
// its workers in VITEST_POOL_ID, Jest in JEST_WORKER_ID). A project on one runner imports one.
const { workerSlot, workerTempDir } = process.env.VITEST ? vitestWorker : jestWorker;

/**
 * The ledger file for this worker: its own file in its own folder. `LEDGER_SHARED=1` puts every
 * worker on one file instead, to see the collisions the helpers prevent.
 */
export function ledgerFile(): string {
  if (process.env.LEDGER_SHARED === '1') return join(tmpdir(), 'assay-example-shared-ledger.sqlite');
  return join(workerTempDir(), 'ledger.sqlite');
}

export { workerSlot };
