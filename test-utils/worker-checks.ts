// Checks shared by the Vitest and Jest end-to-end tests of the worker helpers (the Jest plugin's
// test imports this file): each test file of the fixture writes seen/<name>.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';

/** What one test file saw of its worker's resources, and when it held them. */
export interface Seen {
  slot: number;
  dir: string;
  db: string;
  first: number;
  start: number;
  end: number;
}

/** The body of a fixture test that records what its worker got (the caller puts the imports first). */
export function recordingTestBody(name: string): string {
  return `
test('${name}', async () => {
  const start = Date.now();
  const dir = workerTempDir();
  writeFileSync(dir + '/${name}.txt', 'mine');
  await new Promise((r) => setTimeout(r, 300));
  expect(existsSync(dir + '/${name}.txt')).toBe(true);
  mkdirSync('seen', { recursive: true });
  const seen = { slot: workerSlot(), dir, db: workerDatabaseName('app'), first: workerPorts().first, start, end: Date.now() };
  writeFileSync('seen/${name}.json', JSON.stringify(seen));
});
`;
}

/**
 * Reads what the fixture's test files saw and checks it: names follow the slot, one run folder named
 * after the runner's main process and removed by the teardown, no slot shared by files that overlapped.
 */
export function expectWorkerResources(root: string, files: number): Seen[] {
  const seen: Seen[] = readdirSync(join(root, 'seen')).map((f) =>
    JSON.parse(readFileSync(join(root, 'seen', f), 'utf8')),
  );
  expect(seen).toHaveLength(files);
  for (const s of seen) {
    expect(basename(s.dir)).toBe(`w${s.slot}`);
    expect(s.db).toBe(`app_w${s.slot}`);
    expect(s.first).toBe(20_000 + s.slot * 10);
  }
  const runFolders = new Set(seen.map((s) => dirname(s.dir)));
  expect(runFolders.size).toBe(1);
  const [runFolder] = runFolders;
  expect(basename(runFolder!)).toMatch(/^p\d+$/);
  expect(existsSync(runFolder!)).toBe(false);
  for (const x of seen)
    for (const y of seen) if (x !== y && x.start < y.end && y.start < x.end) expect(x.slot).not.toBe(y.slot);
  return seen;
}
