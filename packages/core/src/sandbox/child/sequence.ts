/** The sandbox child's class sequences: construct, call the steps in order, read the observers. */

import type { Outcome, SequenceOutcome } from '../../model/observation.js';
import type { Encoded } from '../../model/value.js';
import { decode, encode, encodeFrom, encodeResult, takeUnhandledRejections } from '../codec.js';
import type { SequenceRequest } from '../protocol.js';
import { currentDateClock, fakeAllTimers, type InstalledClock } from './clock.js';
import {
  attempt,
  isThenable,
  settle,
  spread,
  stubRecorder,
  takeUncaught,
  UNCAUGHT,
  UNHANDLED,
  valueAt,
} from './outcome.js';

export async function runSequence(
  namespace: Record<string, unknown>,
  request: SequenceRequest,
): Promise<SequenceOutcome> {
  // A class that sets timers runs under fake timers, as its test will: time moves when a step says so.
  const timers = request.fakeTimers ? fakeAllTimers() : undefined;
  try {
    return await driveSequence(namespace, request, timers?.clock ?? currentDateClock());
  } finally {
    timers?.restore();
  }
}

async function driveSequence(
  namespace: Record<string, unknown>,
  request: SequenceRequest,
  clock: InstalledClock | undefined,
): Promise<SequenceOutcome> {
  const state: Record<string, Encoded> = {};
  const { calls, makeStub } = stubRecorder();
  let instance: Record<string, unknown> | undefined;
  takeUnhandledRejections(); // promises passed to a sequence that timed out
  await takeUncaught(); // errors thrown by earlier calls' callbacks
  const construct = await attempt(async () => {
    const Class = valueAt(namespace, request.path).value as new (
      ...args: unknown[]
    ) => Record<string, unknown>;
    if (typeof Class !== 'function') throw new TypeError(`export ${request.path.join('.')} is not a class`);
    const args = spread(
      request.constructorArgs.map((a) => decode(a, makeStub, undefined, (name) => namespace[name])),
      request.constructorSpreadLast,
    );
    if (!request.factory) {
      instance = new Class(...args);
      return { kind: 'return', value: { $: 'self' }, async: false };
    }
    // A factory's result is the instance; when it returns no object there is nothing to call.
    const made: unknown = (Class as unknown as (...a: unknown[]) => unknown)(...args);
    if (made === null || typeof made !== 'object')
      return { kind: 'return', value: encode(made), async: false };
    instance = made as Record<string, unknown>;
    return { kind: 'return', value: { $: 'self' }, async: false };
  });
  const steps: Outcome[] = [];
  const withCalls = async (): Promise<SequenceOutcome> => {
    // A rejected Promise argument that no step handled fails the test run: the sequence ends there.
    // So does an error the code threw outside any step (a callback on a later tick).
    // Stub calls are taken before the wait: a test checks them right after the last step.
    const stubCalls = Object.keys(calls).length > 0 ? structuredClone(calls) : undefined;
    const failed = takeUnhandledRejections() ? UNHANDLED : (await takeUncaught()) ? UNCAUGHT : undefined;
    if (failed) {
      if (steps.length > 0) steps[steps.length - 1] = failed;
      else return { construct: failed, steps, state };
    }
    return stubCalls ? { construct, steps, state, calls: stubCalls } : { construct, steps, state };
  };
  if (!instance || construct.kind !== 'return') return withCalls();
  const target = instance;
  // What each step returned, for later steps that pass it back (`remove(node)`).
  const results: unknown[] = [];
  for (const step of request.steps) {
    if (step.advanceMs !== undefined) {
      const ms = step.advanceMs;
      // A timer callback that throws makes the test's `advanceTimersByTime` throw: that is the outcome.
      const outcome = await attempt(async () => {
        clock?.tick(ms);
        return { kind: 'return', value: { $: 'undefined' }, async: false };
      });
      results.push(undefined);
      steps.push(outcome);
      if (outcome.kind !== 'return') break;
      continue;
    }
    const outcome = await attempt(async () => {
      const method = target[step.method];
      if (typeof method !== 'function') throw new TypeError(`${step.method} is not a method`);
      const result = method.apply(
        target,
        spread(
          step.args.map((a) => decode(a, makeStub, results, (name) => namespace[name])),
          step.spreadLast,
        ),
      );
      results.push(result);
      if (!isThenable(result)) return { kind: 'return', value: encodeResult(target, result), async: false };
      return settle(result, request.timeoutMs, (value) => encodeFrom(target, value));
    });
    steps.push(outcome);
    if (outcome.kind !== 'return') break;
  }
  for (const name of request.observers) {
    try {
      state[name] = encodeFrom(target, target[name]);
    } catch {
      // A getter that throws is not observable state.
    }
  }
  return withCalls();
}
