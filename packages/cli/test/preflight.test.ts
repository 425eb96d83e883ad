import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { detectPackageManager, installCommand } from '../src/preflight/package-manager.js';

describe('package manager', () => {
  test('comes from the lock file in the project or a folder above it; npm without one', () => {
    const root = mkdtempSync(join(tmpdir(), 'assay-pm-'));
    const app = join(root, 'packages', 'app');
    mkdirSync(app, { recursive: true });
    expect(detectPackageManager(app)).toBe('npm');
    writeFileSync(join(root, 'yarn.lock'), '');
    expect(detectPackageManager(app)).toBe('yarn');
    writeFileSync(join(app, 'bun.lock'), '');
    expect(detectPackageManager(app)).toBe('bun');
  });

  test('install commands add development dependencies', () => {
    expect(installCommand('pnpm', ['@vitest/coverage-v8@4.1.12'])).toBe(
      'pnpm add -D @vitest/coverage-v8@4.1.12',
    );
    expect(installCommand('npm', ['jest'])).toBe('npm install -D jest');
    expect(installCommand('yarn', ['a', 'b'])).toBe('yarn add -D a b');
    expect(installCommand('bun', ['a'])).toBe('bun add -d a');
  });
});
