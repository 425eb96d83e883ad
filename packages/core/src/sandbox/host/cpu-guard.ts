import fs from 'node:fs';

/**
 * A hang guard that counts the CPU time a child process spends, not the time on the wall clock: a call
 * that needs 300 ms of CPU needs 300 ms on an idle machine and on one whose cores are saturated, where
 * it may take ten times as long to finish. Limits in CPU time therefore give the same outcome whatever
 * the load (DESIGN: budgets count work). A child that waits without computing (a promise that never
 * settles, a blocking sleep) spends no CPU: the wall-clock limit, a multiple of the CPU limit, catches it.
 *
 * CPU time comes from `/proc/<pid>/stat` (Linux); where that cannot be read the guard falls back to the
 * wall clock at the CPU limit, as before.
 */
export interface CpuGuardOptions {
  /** CPU time the child may spend from now, in milliseconds. */
  cpuMs: number;
  /** Wall-clock time from now after which the guard fires anyway. @default 10 × cpuMs, at least 30 s */
  wallMs?: number;
  /** How often the child's CPU time is read, in milliseconds. @default 100 */
  pollMs?: number;
}

/** Why a guard fired: the child spent its CPU time, or the wall-clock limit passed first. */
export type GuardFired = 'cpu' | 'wall';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on every Linux ABI Node runs on). */
const TICKS_PER_SECOND = 100;
const MIN_WALL_MS = 30_000;

/**
 * Starts watching `pid`; `onFire` is called once when a limit passes. Returns a function that stops
 * the guard (call it when the child answered).
 */
export function guardCpu(
  pid: number | undefined,
  options: CpuGuardOptions,
  onFire: (why: GuardFired) => void,
): () => void {
  const start = pid === undefined ? undefined : cpuTimeMs(pid);
  if (start === undefined) {
    const timer = setTimeout(() => onFire('wall'), options.cpuMs);
    return () => clearTimeout(timer);
  }
  const wallMs = options.wallMs ?? Math.max(MIN_WALL_MS, options.cpuMs * 10);
  let stopped = false;
  const fire = (why: GuardFired) => {
    if (stopped) return;
    stop();
    onFire(why);
  };
  const wall = setTimeout(() => fire('wall'), wallMs);
  const poll = setInterval(() => {
    const now = cpuTimeMs(pid!);
    // The process is gone: whoever waits on it hears of its exit, not from the guard.
    if (now === undefined) return stop();
    if (now - start >= options.cpuMs) fire('cpu');
  }, options.pollMs ?? 100);
  const stop = () => {
    stopped = true;
    clearTimeout(wall);
    clearInterval(poll);
  };
  return stop;
}

/** User + system CPU time of a process in milliseconds, or undefined when it cannot be read. */
export function cpuTimeMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12th and 13th after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}
