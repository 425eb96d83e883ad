import { execFileSync } from 'node:child_process';

/**
 * Stops a process and everything it started, whatever process group they are in (assay's real-runner
 * validation runs in a group of its own). The tree is frozen with SIGSTOP first, so nothing in it can
 * start new processes while it is collected, then every member and the groups they lead get SIGKILL.
 */
export function killTree(rootPid: number, options: { includeRoot?: boolean } = {}): void {
  const includeRoot = options.includeRoot ?? true;
  const members = new Set<number>([rootPid]);
  if (includeRoot) signal(rootPid, 'SIGSTOP');
  for (let round = 0; round < 20; round++) {
    const before = members.size;
    for (const pid of descendants(rootPid)) {
      if (!members.has(pid)) {
        members.add(pid);
        signal(pid, 'SIGSTOP');
      }
    }
    if (members.size === before) break;
  }
  if (!includeRoot) members.delete(rootPid);
  for (const pid of members) {
    signal(-pid, 'SIGKILL');
    signal(pid, 'SIGKILL');
  }
}

/** Every process below `rootPid`, from the parent links `ps` lists. */
export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of processTable()) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function processTable(): [number, number][] {
  let text: string;
  try {
    text = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((pair): pair is [number, number] => pair.length === 2 && pair.every(Number.isInteger))
    .map(([pid, ppid]) => [pid, ppid]);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone already, or (for a negative pid) not a group leader.
  }
}
