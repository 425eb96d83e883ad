import type { BranchGap } from '../model/report.js';
import type { MinedConstants } from '../model/unit.js';

/**
 * Constants from the conditions no test satisfied yet: numbers (and, through `constantValues`, their
 * neighbours c−1, c+1), string literals, lengths compared with `.length`, regular expressions. They go
 * first among the unit's own constants, so the next exploration tries them before anything else.
 *
 * @example
 * ```ts
 * seedsFromGaps([{ line: 4, type: 'if', condition: "s.length > 3 && s[0] === '#'", need: '…' }], unit.constants);
 * // numbers [3, …], strings ['#', …], lengths [3, …]
 * ```
 */
export function seedsFromGaps(gaps: readonly BranchGap[], own: MinedConstants): MinedConstants {
  const numbers: number[] = [];
  const strings: string[] = [];
  const lengths: number[] = [];
  const patterns: Array<[string, string]> = [];
  const byProperty: Record<string, Array<number | string>> = {};
  for (const { condition, need } of gaps) {
    const text = `${condition} ${need}`;
    for (const m of text.matchAll(/\.length\s*(?:[<>]=?|[!=]==?)\s*(-?\d+)/g)) lengths.push(Number(m[1]));
    for (const m of text.matchAll(/(?<![\w$.])-?\d+(?:\.\d+)?(?![\w$])/g)) numbers.push(Number(m[0]));
    for (const m of text.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`([^`$]*)`/g)) {
      strings.push(unescapeQuoted(m[1] ?? m[2] ?? m[3] ?? ''));
    }
    for (const m of text.matchAll(/(?:^|[=(,!&|\s])\/((?:[^/\\\n]|\\.)+)\/([dgimsuy]*)/g)) {
      patterns.push([m[1]!, m[2]!.replace(/[gy]/g, '')]);
    }
    // `opts.size === 3`, `x.kind === 'a'`: the constant belongs to the property compared.
    for (const m of text.matchAll(/\.(\w+)\s*(?:[<>]=?|[!=]==?)\s*(-?\d+(?:\.\d+)?|'[^']*'|"[^"]*")/g)) {
      const raw = m[2]!;
      const value = /^-?\d/.test(raw) ? Number(raw) : raw.slice(1, -1);
      byProperty[m[1]!] = [...ownValues(byProperty, m[1]!), value];
    }
  }
  const first = <T>(mine: T[], theirs: readonly T[]) => [...new Set([...mine, ...theirs])];
  const properties: Record<string, Array<number | string>> = { ...own.byProperty };
  for (const [name, values] of Object.entries(byProperty))
    properties[name] = first(values, ownValues(own.byProperty, name));
  return {
    numbers: first(numbers, own.numbers),
    strings: first(strings, own.strings),
    lengths: first(lengths, own.lengths),
    patterns: first(patterns, own.patterns),
    byProperty: properties,
  };
}

function unescapeQuoted(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/**
 * Variations of an argument tuple that already ran: each argument changed alone, numbers stepped and
 * flipped, strings cut, grown and cased, arrays shortened and grown, object properties dropped. They
 * explore around the cases that came closest to the code still uncovered.
 */
export function mutations(args: readonly unknown[], extra: MinedConstants): unknown[][] {
  const out: unknown[][] = [];
  args.forEach((value, index) => {
    for (const variant of mutateValue(value, extra)) {
      const next = [...args];
      next[index] = variant;
      out.push(next);
    }
  });
  return out;
}

function mutateValue(value: unknown, extra: MinedConstants): unknown[] {
  if (typeof value === 'number') {
    return [
      value + 1,
      value - 1,
      -value,
      value * 2,
      Math.trunc(value / 2),
      value + 0.5,
      ...extra.numbers.slice(0, 4),
    ];
  }
  if (typeof value === 'string') {
    return [
      '',
      value.slice(1),
      value.slice(0, -1),
      `${value}${value}`,
      value.toUpperCase(),
      ` ${value} `,
      ...extra.strings.slice(0, 4).flatMap((s) => [s, `${s}${value}`, `${value}${s}`]),
    ];
  }
  if (typeof value === 'boolean') return [!value];
  if (Array.isArray(value)) {
    return [
      [],
      value.slice(1),
      [...value, ...value],
      value.length > 0 ? [...value, value[0]] : value,
      [...value].reverse(),
    ];
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    return Object.keys(record).flatMap((key) => {
      const { [key]: _dropped, ...rest } = record;
      return [
        rest,
        ...mutateValue(record[key], extra)
          .slice(0, 4)
          .map((v) => ({ ...record, [key]: v })),
      ];
    });
  }
  return [];
}

/** The values under a key of its own (a property named `constructor` must not find Object's). */
function ownValues<T>(record: Record<string, T[]>, key: string): T[] {
  return Object.hasOwn(record, key) ? record[key]! : [];
}
