import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE = fileURLToPath(new URL('./fixtures/project', import.meta.url));

/**
 * A fresh copy of the fixture project inside the package (so the copy resolves vitest from the
 * workspace), removed by the caller's `afterEach`/`afterAll` with `fs.rmSync`.
 */
export function copyFixture(name: string, fixture = FIXTURE): string {
  const target = fileURLToPath(new URL(`./.tmp/${name}-${process.pid}-${Date.now()}`, import.meta.url));
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}

export function fixtureFile(name: string): string {
  return path.join(FIXTURE, 'src', name);
}
