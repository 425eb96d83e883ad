import fs from 'node:fs';
import path from 'node:path';
import { ModuleResolutionKind, Project, ts } from 'ts-morph';

/**
 * ts-morph projects, one per tsconfig, shared by the files of one run. Files are added one at a time
 * (never the whole tsconfig) and removed once analyzed, but the files they import stay cached in the
 * project: a project is therefore replaced after `filesPerProject` files, which keeps memory bounded
 * on large repositories at the cost of parsing the common imports (and lib.d.ts) again.
 */
export class ProjectPool {
  readonly #projects = new Map<string, { project: Project; uses: number }>();
  readonly #filesPerProject: number;

  constructor(filesPerProject = 50) {
    this.#filesPerProject = filesPerProject;
  }

  /** The project for the tsconfig nearest to `file` (inside `root`), or a default one. */
  projectFor(file: string, root: string): Project {
    const tsconfig = findUp(path.dirname(file), root, 'tsconfig.json');
    const key = tsconfig ?? '<default>';
    const entry = this.#projects.get(key);
    if (entry && entry.uses < this.#filesPerProject) {
      entry.uses++;
      return entry.project;
    }
    const project = tsconfig
      ? new Project({
          tsConfigFilePath: tsconfig,
          skipAddingFilesFromTsConfig: true,
          compilerOptions: { allowJs: true, noEmit: true },
        })
      : new Project({
          compilerOptions: {
            strict: true,
            allowJs: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.ESNext,
            moduleResolution: ts.ModuleResolutionKind.Bundler,
            noEmit: true,
          },
        });
    this.#projects.set(key, { project, uses: 1 });
    return project;
  }
}

/** Whether relative imports must carry `.js` (Node16/NodeNext resolution). */
export function usesNodeNextResolution(project: Project): boolean {
  const resolution = project.getCompilerOptions().moduleResolution;
  return resolution === ModuleResolutionKind.Node16 || resolution === ModuleResolutionKind.NodeNext;
}

/** The nearest `name` in `dir` or its parents, stopping at `root`. */
export function findUp(dir: string, root: string, name: string): string | undefined {
  let current = dir;
  for (;;) {
    const candidate = path.join(current, name);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (current === root || parent === current || !current.startsWith(root)) return undefined;
    current = parent;
  }
}
