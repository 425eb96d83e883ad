import fs from 'node:fs';
import Module, { register } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LocalMock } from '../../model/unit.js';
import { automock } from './automock.js';
import { BUILD_MOCK, type MockHooksData } from './mock-hooks.js';
import { mockReturnValue } from './mock-returns.js';
import { recordInteraction } from './mocks.js';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const CommonJs = Module as unknown as {
  _load: Load;
  _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
};

/**
 * Replaces each local module that does I/O by recording fakes for everything that loads it, ES
 * modules through loader hooks and CommonJS through `require`, as the generated test's
 * `vi.mock('./store')` / `jest.mock('./store')` will. Must run before the module under test loads.
 */
export function installLocalMocks(mocks: readonly LocalMock[]): void {
  if (mocks.length === 0) return;
  // By real path too: Node resolves symbolic links, the analyzer may not have.
  const byFile = new Map(
    mocks.flatMap((mock) => [
      [mock.file, mock],
      [realPath(mock.file), mock],
    ]),
  );
  const built = new Map<string, Record<string, unknown>>();
  const build = (file: string, actual: object): Record<string, unknown> => {
    const mock = byFile.get(file);
    if (!mock) throw new Error(`assay sandbox: ${file} is not a mocked module`);
    let fakes = built.get(file);
    if (!fakes) {
      fakes = automock(
        actual,
        (fn, args) => recordInteraction(mock.specifier, fn, args),
        (fn) => mockReturnValue(mock.returns, fn),
      );
      built.set(file, fakes);
    }
    return fakes;
  };

  (globalThis as Record<symbol, unknown>)[BUILD_MOCK] = (url: string, actual: object) =>
    build(fileURLToPath(url), actual);
  const data: MockHooksData = {
    modules: Object.fromEntries([...byFile].map(([file, mock]) => [pathToFileURL(file).href, mock.exports])),
  };
  register(hooksEntry(), import.meta.url, { data });

  const load = CommonJs._load;
  CommonJs._load = function loadOrMock(this: unknown, request, parent, isMain) {
    let file: string | undefined;
    try {
      file = CommonJs._resolveFilename(request, parent, isMain);
    } catch {
      // Not resolvable: the real loader reports it.
    }
    const real = load.call(this, request, parent, isMain);
    return file !== undefined && byFile.has(file) ? build(file, real as object) : real;
  };
}

/** The hooks module: built beside the bundle in dist/, or the TypeScript source (loaded by tsx) from src/. */
function hooksEntry(): string {
  const built = new URL('./mock-hooks.js', import.meta.url);
  return fs.existsSync(fileURLToPath(built)) ? built.href : new URL('./mock-hooks.ts', import.meta.url).href;
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
