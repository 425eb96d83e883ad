import { expect, test } from 'vitest';
import { findInSpec } from '../src/analyze/find-in-spec.js';

test('finds a spec nested in unions, arrays, object properties and function returns', () => {
  const spec = {
    kind: 'object',
    properties: [
      {
        name: 'items',
        spec: {
          kind: 'array',
          item: {
            kind: 'union',
            members: [{ kind: 'string' }, { kind: 'instance', className: 'Box', args: [] }],
          },
        },
        optional: false,
      },
    ],
  } as const;
  expect(findInSpec(spec as never, (s) => s.kind === 'instance')).toMatchObject({ className: 'Box' });
  expect(findInSpec(spec as never, (s) => s.kind === 'function')).toBeUndefined();
  expect(findInSpec({ kind: 'function', returns: { kind: 'number' } }, (s) => s.kind === 'number')).toEqual({
    kind: 'number',
  });
});
