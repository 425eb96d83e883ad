import { expect, test } from 'vitest';
import { coveredPoints } from '../src/explore/coverage-points.js';

test('tells apart switch branches that V8 reports as merged ranges', () => {
  // Real ranges of a three-way switch: each call merges the two branches it skipped into one range.
  const camel: [number, number, number][] = [
    [278, 501, 1],
    [430, 499, 0],
  ];
  const kebab: [number, number, number][] = [
    [278, 501, 1],
    [346, 430, 0],
    [465, 499, 0],
  ];
  const snake: [number, number, number][] = [
    [278, 501, 1],
    [346, 465, 0],
  ];
  const { covered } = coveredPoints([camel, kebab, snake]);
  const [c, k, s] = covered as [Set<string>, Set<string>, Set<string>];
  // kebab alone reaches 430-465, snake alone reaches 465-499.
  expect(k.has('430-465')).toBe(true);
  expect(c.has('430-465')).toBe(false);
  expect(s.has('430-465')).toBe(false);
  expect(s.has('465-499')).toBe(true);
  expect(k.has('465-499')).toBe(false);
});

test('a call without coverage covers nothing', () => {
  const { covered } = coveredPoints([[[0, 10, 1]], []]);
  expect(covered[1]!.size).toBe(0);
});
