import libCoverage from 'istanbul-lib-coverage';
import { Project } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import { findGaps } from '../src/gaps/gaps.js';
import { seedsFromGaps } from '../src/loop/seeds.js';

const SOURCE = `export function size(n: number): string {
  if (n > 100) {
    return 'large';
  }
  return n === 0 ? 'empty' : 'small';
}

export function pick(kind: string, s?: string): string {
  switch (kind) {
    case 'a':
      return 'A';
    case "b":
      return 'B';
    default:
      return s ?? (kind.length > 3 && kind.startsWith('#') ? kind : '-');
  }
}
`;

const at = (line: number, column: number | null) => ({ line, column });
const loc = (line: number, start: number, end: number | null) => ({
  start: at(line, start),
  end: at(line, end),
});

/** An istanbul file coverage of SOURCE as a runner writes it: statements, functions, branches with counts. */
function coverage() {
  return libCoverage.createFileCoverage({
    path: '/project/src/size.ts',
    statementMap: {
      '0': loc(2, 2, null),
      '1': loc(3, 4, 19),
      '2': loc(5, 2, 37),
      '3': loc(9, 2, null),
      '4': loc(11, 6, 17),
      '5': loc(13, 6, 17),
      '6': loc(15, 6, 73),
    },
    s: { '0': 4, '1': 0, '2': 4, '3': 2, '4': 2, '5': 0, '6': 0 },
    fnMap: {
      '0': { name: 'size', decl: loc(1, 16, 20), loc: loc(1, 0, 1), line: 1 },
      '1': { name: 'pick', decl: loc(8, 16, 20), loc: loc(8, 0, 1), line: 8 },
    },
    f: { '0': 4, '1': 2 },
    branchMap: {
      '0': {
        type: 'if',
        loc: loc(2, 2, null),
        locations: [loc(2, 2, null), { start: {}, end: {} }],
        line: 2,
      },
      '1': { type: 'cond-expr', loc: loc(5, 9, 36), locations: [loc(5, 19, 26), loc(5, 29, 36)], line: 5 },
      '2': {
        type: 'switch',
        loc: loc(9, 2, null),
        locations: [loc(10, 4, 17), loc(12, 4, 17), loc(14, 4, 74)],
        line: 9,
      },
      '3': {
        type: 'binary-expr',
        loc: loc(15, 13, 72),
        locations: [loc(15, 13, 14), loc(15, 18, 72)],
        line: 15,
      },
    },
    b: { '0': [0, 4], '1': [0, 4], '2': [2, 0, 0], '3': [0, 0] },
  } as never);
}

describe('findGaps', () => {
  const sourceFile = new Project({ useInMemoryFileSystem: true }).createSourceFile(
    '/project/src/size.ts',
    SOURCE,
  );
  const gaps = findGaps(coverage(), sourceFile, [
    { name: 'size', line: 1 },
    { name: 'pick', line: 8 },
  ]);

  test('assigns uncovered lines to the unit whose declaration holds them', () => {
    expect(gaps.map((g) => [g.unit, g.lines])).toEqual([
      ['size', [3]],
      ['pick', [13, 15]],
    ]);
  });

  test('gives each uncovered branch its condition as written in the source', () => {
    expect(gaps[0]!.branches).toEqual([
      { line: 2, type: 'if', condition: 'n > 100', need: 'n > 100 is true' },
      { line: 5, type: 'cond-expr', condition: 'n === 0', need: 'n === 0 is true' },
    ]);
    expect(gaps[1]!.branches.map((b) => b.need)).toEqual([
      'case "b"',
      'default',
      "s ?? (kind.length > 3 && kind.startsWith('#') ? kind : '-') evaluated",
      "(kind.length > 3 && kind.startsWith('#') ? kind : '-') evaluated (the operands before it let it run)",
    ]);
    expect(gaps[1]!.branches[0]!.condition).toBe('switch (kind)');
  });

  test('seeds for the next exploration come from the uncovered conditions first', () => {
    const seeds = seedsFromGaps(gaps[1]!.branches, {
      numbers: [7],
      strings: [],
      lengths: [],
      byProperty: {},
      patterns: [],
    });
    expect(seeds.strings).toEqual(expect.arrayContaining(['b', '#', '-']));
    expect(seeds.lengths).toEqual([3]);
    expect(seeds.numbers).toEqual([3, 7]);
  });
});
