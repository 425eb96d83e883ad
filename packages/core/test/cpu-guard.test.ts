import { spawn } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { cpuTimeMs, type GuardFired, guardCpu } from '../src/sandbox/host/cpu-guard.js';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function node(code: string) {
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function fired(pid: number | undefined, cpuMs: number, wallMs: number) {
  const started = Date.now();
  return new Promise<{ why: GuardFired; ms: number }>((resolve) => {
    guardCpu(pid, { cpuMs, wallMs, pollMs: 20 }, (why) => resolve({ why, ms: Date.now() - started }));
  });
}

describe.skipIf(process.platform !== 'linux')('the CPU-time hang guard', () => {
  test('reads a busy process’s CPU time, which grows as it computes', async () => {
    const child = node('for (;;) {}');
    await new Promise((r) => setTimeout(r, 300));
    const first = cpuTimeMs(child.pid!)!;
    await new Promise((r) => setTimeout(r, 300));
    expect(cpuTimeMs(child.pid!)!).toBeGreaterThan(first);
  });

  test('fires on CPU time for a process stuck in a loop', async () => {
    const child = node('for (;;) {}');
    const result = await fired(child.pid, 200, 120_000);
    expect(result.why).toBe('cpu');
  });

  test('a process that waits without computing is only stopped by the wall-clock limit', async () => {
    const child = node('setTimeout(() => {}, 60_000)');
    const result = await fired(child.pid, 200, 1500);
    expect(result.why).toBe('wall');
    expect(result.ms).toBeGreaterThanOrEqual(1400);
  });

  test('where CPU time cannot be read, the CPU limit is kept on the wall clock', async () => {
    const child = node('');
    await new Promise((r) => child.on('exit', r));
    expect(cpuTimeMs(child.pid!)).toBeUndefined();
    const result = await fired(child.pid, 150, 60_000);
    expect(result.why).toBe('wall');
    // Far below the 60 s wall limit it would otherwise wait, with room for a loaded machine.
    expect(result.ms).toBeLessThan(30_000);
  });
});
