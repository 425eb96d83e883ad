import type { Framework } from '../model/options.js';
import { FAKE_NOW, FAKED_TIMERS } from '../sandbox/protocol.js';

export const JEST_REAL_TIMERS = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

/** The timers a test fakes to drive a returned function, as the sandbox faked them; `now` as well. */
export function allTimersOptions(framework: Framework): string {
  const now = `new Date(${JSON.stringify(new Date(FAKE_NOW).toISOString())})`;
  if (framework === 'vitest') {
    return `{ now: ${now}, toFake: [${FAKED_TIMERS.map((t) => `'${t}'`).join(', ')}] }`;
  }
  const real = JEST_REAL_TIMERS.filter((t) => !/Timeout|Interval|Immediate/.test(t));
  return `{ now: ${now}, doNotFake: [${real.map((t) => `'${t}'`).join(', ')}] }`;
}
