import { FILE_SYSTEM_MODULE, type FileChange } from '../model/file-fixture.js';
import type { Interaction, MockReturnsVariant } from '../model/observation.js';
import type { Framework } from '../model/options.js';
import { CALLBACK_ERROR, type MockReturn } from '../model/unit.js';
import { renderLiteral } from './literal.js';
import { indent } from './text.js';

/** Calls of one mocked function asserted one by one; beyond that only their number is. */
const MAX_CALLS_LISTED = 3;

/** A module the test file mocks. */
export interface MockedModule {
  /** The module as the source imports it (`node:fs`, `./store`): the key of its interactions. */
  id: string;
  /** The module as the test file imports and mocks it (`../src/store` from another folder). */
  importPath: string;
  /** The namespace the test imports it under (`fs`, `store`). */
  alias: string;
  /** Return values set before each test (local modules only). */
  returns?: readonly MockReturn[] | undefined;
  /** A built-in the source reaches through `require()` (see {@link mockSetup}). */
  required?: boolean;
  /** `fs`/`fs/promises` served from in-memory files (memfs) rather than automocked. */
  memory?: boolean;
}

/** A local module the source imports (`./store`) and the path the test file reaches it by. */
export interface LocalModuleImport {
  specifier: string;
  importPath: string;
  /** What its functions return in the tests, as they did when the cases were observed. */
  returns?: readonly MockReturn[] | undefined;
}

/**
 * The modules a test file mocks: I/O built-ins, then local modules that do I/O. A local module's alias
 * is its file name (`./io/user-store` → `userStore`), suffixed when that name is already taken by
 * something the test imports.
 */
export function mockedModules(
  builtIns: readonly string[],
  locals: readonly LocalModuleImport[],
  taken: ReadonlySet<string>,
  builtInReturns: Readonly<Record<string, readonly MockReturn[]>> = {},
  required: readonly string[] = [],
  /** The file-system built-ins are served from in-memory files (see {@link memoryFilesSetup}). */
  memoryFiles = false,
): MockedModule[] {
  const used = new Set(taken);
  const modules: MockedModule[] = builtIns.map((id) => ({
    id,
    importPath: id,
    alias: mockAlias(id),
    ...(builtInReturns[id]?.length ? { returns: builtInReturns[id] } : {}),
    ...(required.includes(id) ? { required: true } : {}),
    ...(memoryFiles && FILE_SYSTEM_MODULE.test(id) ? { memory: true } : {}),
  }));
  for (const module of modules) used.add(module.alias);
  for (const local of locals) {
    const base = mockAlias(local.specifier);
    let alias = used.has(base) ? `${base}Module` : base;
    for (let n = 2; used.has(alias); n++) alias = `${base}Module${n}`;
    used.add(alias);
    modules.push({
      id: local.specifier,
      importPath: local.importPath,
      alias,
      ...(local.returns?.length ? { returns: local.returns } : {}),
    });
  }
  return modules;
}

/**
 * The name a test imports a mocked module under: `node:fs` → `fs`, `child_process` → `childProcess`,
 * `./io/user-store.js` → `userStore`, `../db/index` → `db`.
 */
export function mockAlias(specifier: string): string {
  // A local module goes by its file name (its folder's, for an index file); a built-in by its whole name.
  const name = specifier.startsWith('.')
    ? specifier
        .replace(/\.[cm]?[jt]sx?$/, '')
        .replace(/(^|\/)index$/, '')
        .replace(/^(?:\.{1,2}\/)*(?:.*\/)?/, '')
    : specifier.replace(/^node:/, '');
  const alias = name
    .split(/[^A-Za-z0-9$]+/)
    .filter(Boolean)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
  if (alias === '') return 'module';
  return /^[A-Za-z_$]/.test(alias) ? alias : `_${alias}`;
}

/** `vi.mock('node:fs');` and the namespace import the assertions use. */
export function mockSetup(
  modules: readonly MockedModule[],
  framework: Framework,
  /** The files the in-memory file system holds at the start of each test, for `memory` modules. */
  memoryFiles?: Readonly<Record<string, string | null>>,
): { imports: string[]; body: string } {
  const api = framework === 'vitest' ? 'vi' : 'jest';
  // Set in beforeEach, so each test gets its own copy of a returned object.
  const returns = mockReturnLines(modules, framework);
  // Vitest's `vi.mock` does not reach `require()` (Jest's registry serves both).
  const spied = framework === 'vitest' ? modules.filter((m) => m.required) : [];
  const memory = memoryFiles ? modules.filter((m) => m.memory) : [];
  const memorySpied = spied.filter((m) => memory.includes(m));
  return {
    imports: [
      ...(memory.length > 0
        ? [`import { ${memorySpied.length > 0 ? 'fs as memoryFs, ' : ''}vol } from 'memfs';`]
        : []),
      ...modules.flatMap((m) =>
        spied.includes(m)
          ? [`import ${m.alias} from ${JSON.stringify(m.importPath)};`]
          : memory.includes(m)
            ? [] // the test checks the files, not the calls
            : [`import * as ${m.alias} from ${JSON.stringify(m.importPath)};`],
      ),
    ],
    body: [
      // Every function of these modules records its calls and returns undefined, or the value of its
      // declared type set below, as when the cases were observed.
      ...modules
        .filter((m) => !spied.includes(m) && !memory.includes(m))
        .map((m) => `${api}.mock(${JSON.stringify(m.importPath)});`),
      ...(memory.length > 0 && memoryFiles ? [memoryFilesSetup(memory, framework, spied, memoryFiles)] : []),
      ...spied.map(spiedSetup),
      '',
      `beforeEach(() => {\n${indent(
        [
          `${api}.clearAllMocks();`,
          ...(memory.length > 0
            ? [
                '// Back to the starting files (files a test left open stay open, as on a disk).',
                "for (const entry of vol.readdirSync('/')) vol.rmSync(`/${entry}`, { recursive: true, force: true });",
                'vol.fromJSON(fixtureFiles);',
              ]
            : []),
          ...spied.map((m) => (memory.includes(m) ? spiedFromMemory(m) : spiedAutomock(m))),
          ...returns,
        ].join('\n'),
      )}\n});`,
    ].join('\n'),
  };
}

/**
 * The files every test starts from, and `fs`/`fs/promises` answering from them (memfs): the code under
 * test reads and writes memory, never the disk. A module the source imports is replaced with memfs's
 * (`vi.mock` with a factory, Vitest's file-system recipe; `jest.mock`); one it `require()`s in Vitest is
 * spied on (see {@link spiedSetup}) and answers from memfs in each test.
 */
function memoryFilesSetup(
  memory: readonly MockedModule[],
  framework: Framework,
  spied: readonly MockedModule[],
  files: Readonly<Record<string, string | null>>,
): string {
  const lines = [
    '// The files each test starts from, in memory (memfs): the code under test never reaches the disk.',
    `const fixtureFiles = ${JSON.stringify(files, null, 2)};`,
  ];
  for (const m of memory) {
    if (spied.includes(m)) continue;
    const member = /promises$/.test(m.importPath) ? 'fs.promises' : 'fs';
    const specifier = JSON.stringify(m.importPath);
    lines.push(
      framework === 'vitest'
        ? `vi.mock(${specifier}, async () => {\n  const { fs } = await import('memfs');\n  return { default: ${member}, ...${member} };\n});`
        : `jest.mock(${specifier}, () => require('memfs').${member});`,
    );
  }
  return lines.join('\n');
}

/** In `beforeEach`: the spied functions of a required `fs` answer from memfs (classes stay real). */
function spiedFromMemory(module: MockedModule): string {
  const source = /promises$/.test(module.importPath) ? 'memoryFs.promises' : 'memoryFs';
  return [
    `for (const [name, spy] of Object.entries(${module.alias})) {`,
    `  const answer = Reflect.get(${source}, name);`,
    "  if (vi.isMockFunction(spy) && /^[a-z]/.test(name)) spy.mockImplementation(typeof answer === 'function' ? answer : () => undefined);",
    '}',
  ].join('\n');
}

/** What a call changed in the in-memory files, checked after it (see file-fixture.ts). */
export function fileChecks(changes: readonly FileChange[] | undefined): string[] {
  return (changes ?? []).map((change) => {
    const at = JSON.stringify(change.path);
    if (change.kind === 'removed') return `expect(vol.existsSync(${at})).toBe(false);`;
    if (change.kind === 'directory') return `expect(vol.statSync(${at}).isDirectory()).toBe(true);`;
    return `expect(vol.readFileSync(${at}, 'utf8')).toBe(${JSON.stringify(change.text)});`;
  });
}

/**
 * A built-in the source `require()`s, mocked for Vitest: its functions are replaced on the module
 * object that `require` and `import` share, before the module under test loads (`vi.hoisted` runs
 * before the imports), as automock would replace them.
 */
function spiedSetup(module: MockedModule): string {
  const specifier = JSON.stringify(module.importPath);
  return [
    `// The module under test reaches ${specifier} through require(), which vi.mock does not reach: its`,
    '// functions are spied on the module object require() shares before anything loads (they answer for',
    '// real while modules load: Node reads them through it) and answer as automocks in each test.',
    'await vi.hoisted(async () => {',
    `  const { default: target } = await import(${specifier});`,
    '  for (const [name, value] of Object.entries(target)) {',
    "    if (typeof value === 'function') vi.spyOn(target, name);",
    '  }',
    '});',
  ].join('\n');
}

/** In `beforeEach`: the spied functions of {@link spiedSetup} return undefined, as automocks do. */
function spiedAutomock(module: MockedModule): string {
  return `for (const spy of Object.values(${module.alias})) {\n  if (vi.isMockFunction(spy)) spy.mockImplementation(() => undefined);\n}`;
}

/**
 * `vi.mocked(store.load).mockReturnValue(…);` for each mocked function with a return value: in
 * `beforeEach`, or at the start of a test whose case was observed with the empty values.
 */
export function mockReturnLines(
  modules: readonly MockedModule[],
  framework: Framework,
  variant?: MockReturnsVariant,
  /** Only the functions the case called (its interactions), when given. */
  called?: readonly Interaction[],
): string[] {
  const api = framework === 'vitest' ? 'vi' : 'jest';
  return modules.flatMap((m) =>
    (m.returns ?? []).flatMap((r) => {
      if (called && !called.some((c) => c.module === m.id && c.fn === r.name)) return [];
      if (r.callback) {
        // A node-style API answers through its last argument, the callback, as the sandbox's fake did.
        const answer =
          variant === 'empty'
            ? `new Error(${JSON.stringify(CALLBACK_ERROR)})`
            : `null, ${renderLiteral(r.value)}`;
        return [
          `${api}.mocked(${m.alias}${member(r.name)}).mockImplementation((...args) => args.at(-1)(${answer}));`,
        ];
      }
      const value = variant === 'empty' ? r.empty : r.value;
      if (value === undefined) return [];
      const setter = r.async ? 'mockResolvedValue' : 'mockReturnValue';
      return [`${api}.mocked(${m.alias}${member(r.name)}).${setter}(${renderLiteral(value)});`];
    }),
  );
}

/** `.load`, or `["load-it"]` for a name that is not an identifier. */
function member(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/**
 * How the code used its mocked modules: per function, the number of calls and the first few arguments.
 * `aliases` maps a module as the source imports it to its namespace in the test.
 */
export function interactionChecks(
  interactions: readonly Interaction[] | undefined,
  aliases?: ReadonlyMap<string, string>,
): string[] {
  const byFunction = new Map<string, Interaction[]>();
  for (const interaction of interactions ?? []) {
    const key = `${aliases?.get(interaction.module) ?? mockAlias(interaction.module)}.${interaction.fn}`;
    byFunction.set(key, [...(byFunction.get(key) ?? []), interaction]);
  }
  return [...byFunction].flatMap(([subject, calls]) => [
    `expect(${subject}).toHaveBeenCalledTimes(${calls.length});`,
    ...calls.slice(0, MAX_CALLS_LISTED).flatMap((call, i) => {
      if (call.args.length === 0) return [];
      const args = call.args.map((arg) => {
        try {
          return renderLiteral(arg);
        } catch {
          return 'expect.anything()';
        }
      });
      return [`expect(${subject}).toHaveBeenNthCalledWith(${[i + 1, ...args].join(', ')});`];
    }),
  ]);
}
