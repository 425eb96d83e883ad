import { describe, expect, test } from 'vitest';
import { fileCostMs } from '../src/fileCost.js';

describe('fileCostMs', () => {
  test('is the time from the file being handed to a worker to its result', () => {
    expect(fileCostMs(1000, 1450, { start: 1200, end: 1440, runtime: 240 })).toBe(450);
  });

  test("without a seen start, counts from the environment's load (Jest 30), else Jest's runtime", () => {
    expect(fileCostMs(undefined, 1450, { loadTestEnvironmentStart: 1100, start: 1200, end: 1440 })).toBe(340);
    expect(fileCostMs(undefined, 1450, { start: 1200, end: 1440, runtime: 240 })).toBe(240);
    expect(fileCostMs(undefined, 1450, {})).toBe(0);
  });
});
