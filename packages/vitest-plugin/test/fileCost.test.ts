import { describe, expect, test } from 'vitest';
import { fileCostMs } from '../src/fileCost.js';

const diagnostic = {
  environmentSetupDuration: 2,
  prepareDuration: 10,
  setupDuration: 5,
  collectDuration: 21,
  duration: 4,
};

describe('fileCostMs', () => {
  test("is the file's wall time in its worker, measured by the setup file", () => {
    expect(fileCostMs(diagnostic, 276)).toBe(276);
  });

  test("without it, is the sum of Vitest's per-file diagnostics, not only the tests' time", () => {
    expect(fileCostMs(diagnostic)).toBe(42);
    expect(fileCostMs(diagnostic, 'not a number')).toBe(42);
  });
});
