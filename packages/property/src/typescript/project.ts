import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Project, type SourceFile } from 'ts-morph';

const projects = new Map<string, Project>();

/**
 * A ts-morph project for a file: from the nearest tsconfig.json above it (cached per tsconfig), or
 * strict defaults when there is none. Strictness matters: without `strictNullChecks`, optional and
 * nullable types lose their `undefined` and `null`.
 */
export function sourceFileFor(file: string, project?: Project): SourceFile {
  const path = resolve(file);
  const owner = project ?? projectFor(path);
  const existing = owner.getSourceFile(path);
  if (existing) {
    existing.refreshFromFileSystemSync();
    return existing;
  }
  return owner.addSourceFileAtPath(path);
}

function projectFor(file: string): Project {
  const tsconfig = findUp(dirname(file), 'tsconfig.json');
  const key = tsconfig ?? '';
  let project = projects.get(key);
  if (!project) {
    project = tsconfig
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true })
      : new Project({ compilerOptions: { strict: true, target: 9 /* ES2022 */ } });
    projects.set(key, project);
  }
  return project;
}

function findUp(dir: string, name: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}
