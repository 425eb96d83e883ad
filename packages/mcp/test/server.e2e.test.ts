import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// The run-record helper of the CLI's tests: the same fabricated history format.
import { recordRuns } from '../../cli/test/history-fixtures.js';
import { descendants } from '../src/kill-tree.js';

/** The built server, as clients start it. `pnpm test` builds before testing. */
const BIN = fileURLToPath(new URL('../bin/assay-mcp.js', import.meta.url));
const TMP = fileURLToPath(new URL('./.tmp', import.meta.url));
/** Hang guard for one generation on a busy 2-core machine, not a budget. */
const GENERATION_TIMEOUT = 600_000;

const GRADE = `export function grade(score: number): 'A' | 'B' | 'F' {
  if (score < 0 || score > 100) throw new RangeError('score out of range');
  if (score >= 90) return 'A';
  return score >= 70 ? 'B' : 'F';
}
`;

/** A module with work for several files, so a generation runs long enough to be cancelled midway. */
function slowModule(n: number): string {
  return `export function step${n}(a: number, b: string): string {
  if (a > ${n * 10}) return b.repeat(2);
  if (b.length > ${n}) return b.slice(${n});
  return \`\${a}:\${b}\`;
}
export class Counter${n} {
  private count = 0;
  add(by: number): number {
    if (by < 0) throw new Error('negative');
    this.count += by;
    return this.count;
  }
}
`;
}

function text(result: CallToolResult, index = 0): string {
  const block = result.content[index];
  return block?.type === 'text' ? block.text : '';
}

function data<T>(result: CallToolResult): T {
  return JSON.parse(text(result, 1)) as T;
}

async function connect(root: string) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, '--root', root],
    cwd: root,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'assay-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

describe('assay-mcp over stdio', () => {
  let root: string;
  let client: Client;
  let transport: StdioClientTransport;

  beforeAll(async () => {
    root = path.join(TMP, `project-${process.pid}-${Date.now()}`);
    fs.mkdirSync(path.join(root, 'src', 'slow'), { recursive: true });
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }');
    fs.writeFileSync(path.join(root, 'src', 'grade.ts'), GRADE);
    for (let n = 1; n <= 4; n++)
      fs.writeFileSync(path.join(root, 'src', 'slow', `step${n}.ts`), slowModule(n));
    // Two recorded runs on one clean commit: one test flaky (passed, then failed on the same code), one stable.
    await recordRuns(
      root,
      { 'test/a.test.ts::a > flips': 'PF', 'test/b.test.ts::b > holds': 'PP' },
      {
        commit: 'c0ffee',
        dirty: false,
        files: {
          'test/a.test.ts': { hash: 'aa', durationMs: 900 },
          'test/b.test.ts': { hash: 'bb', durationMs: 300 },
        },
      },
    );
    ({ client, transport } = await connect(root));
  });

  afterAll(async () => {
    await client?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('lists the seven tools, each with a described input schema, and the two resources', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'coverage_gaps',
      'flaky_report',
      'generate_tests',
      'quarantine_add',
      'quarantine_remove',
      'shard_plan',
      'spec_tests',
    ]);
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(60);
      for (const property of Object.values(tool.inputSchema.properties ?? {})) {
        expect((property as { description?: string }).description).toBeTruthy();
      }
    }
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      'assay://history/summary',
      'assay://reports/last-generation',
    ]);
  });

  test(
    'generates tests for a source with progress, then reports its gaps and the saved report',
    async () => {
      const progress: string[] = [];
      const result = (await client.callTool(
        { name: 'generate_tests', arguments: { paths: ['src/grade.ts'], maxIterations: 1 } },
        undefined,
        {
          onprogress: (p) => progress.push(p.message ?? ''),
          timeout: GENERATION_TIMEOUT,
          resetTimeoutOnProgress: true,
        },
      )) as CallToolResult;
      expect(result.isError).toBeFalsy();
      const report = data<{ files: { source: string; output: string; status: string; tests: number }[] }>(
        result,
      );
      expect(report.files).toEqual([expect.objectContaining({ source: 'src/grade.ts', status: 'written' })]);
      expect(report.files[0]?.tests).toBeGreaterThanOrEqual(3);
      const written = fs.readFileSync(path.join(root, report.files[0]?.output ?? ''), 'utf8');
      expect(written).toContain("toThrow('score out of range')");
      expect(progress[0]).toBe('1 source file(s) to process');
      expect(progress).toContain('finished src/grade.ts (1/1 done)');

      const gaps = (await client.callTool({
        name: 'coverage_gaps',
        arguments: { paths: ['src/grade.ts'] },
      })) as CallToolResult;
      expect(gaps.isError).toBeFalsy();
      const [file] =
        data<{ source: string; validated: boolean; lines: number; target: number; gaps: unknown[] }[]>(gaps);
      expect(file).toMatchObject({ source: 'src/grade.ts', validated: true, target: 85 });
      expect(file?.lines).toBeGreaterThan(0);
      expect(Array.isArray(file?.gaps)).toBe(true);

      const resource = await client.readResource({ uri: 'assay://reports/last-generation' });
      const content = resource.contents[0];
      const saved = JSON.parse(content && 'text' in content ? content.text : '{}');
      expect(saved.files[0].source).toBe('src/grade.ts');
      expect(saved.files[0].coverage.iterations.length).toBeGreaterThanOrEqual(1);
    },
    GENERATION_TIMEOUT,
  );

  test('coverage_gaps says what to do for a file no generation covered', async () => {
    const result = (await client.callTool({
      name: 'coverage_gaps',
      arguments: { paths: ['src/slow'] },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('covers none of src/slow: call generate_tests on them');
  });

  test('refuses paths outside the project root, naming the path and the root', async () => {
    const outside = (await client.callTool({
      name: 'generate_tests',
      arguments: { paths: ['../../etc'] },
    })) as CallToolResult;
    expect(outside.isError).toBe(true);
    expect(text(outside)).toContain(`"../../etc" is outside the project root ${root}`);
    const absolute = (await client.callTool({
      name: 'spec_tests',
      arguments: { documents: ['/etc/hostname'] },
    })) as CallToolResult;
    expect(absolute.isError).toBe(true);
    expect(text(absolute)).toContain('is outside the project root');
    fs.symlinkSync('/tmp', path.join(root, 'escape'));
    const linked = (await client.callTool({
      name: 'generate_tests',
      arguments: { paths: ['escape/x.ts'] },
    })) as CallToolResult;
    expect(linked.isError).toBe(true);
    expect(text(linked)).toContain('"escape/x.ts" is outside the project root');
  });

  test('reports the flaky test and adds then removes its quarantine entry', async () => {
    const report = (await client.callTool({ name: 'flaky_report', arguments: {} })) as CallToolResult;
    expect(text(report)).toContain(
      '2 tests over 2 recorded runs: 1 flaky, 0 broken, 1 stable; 0 quarantined.',
    );
    const id = 'test/a.test.ts::a > flips';
    expect(data<{ tests: { id: string; verdict: string }[] }>(report).tests).toEqual([
      expect.objectContaining({ id, verdict: 'flaky', quarantined: false }),
    ]);

    const added = (await client.callTool({
      name: 'quarantine_add',
      arguments: { testId: id, reason: 'fails on the same code' },
    })) as CallToolResult;
    expect(added.isError).toBeFalsy();
    const file = path.join(root, '.assay', 'quarantine.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).tests).toEqual([
      expect.objectContaining({ id, reason: 'fails on the same code' }),
    ]);
    const again = (await client.callTool({
      name: 'quarantine_add',
      arguments: { testId: id, reason: 'x' },
    })) as CallToolResult;
    expect(again.isError).toBe(true);
    expect(text(again)).toContain('is already quarantined');
    const summary = await client.readResource({ uri: 'assay://history/summary' });
    const content = summary.contents[0];
    expect(JSON.parse(content && 'text' in content ? content.text : '{}')).toMatchObject({
      runs: 2,
      counts: { flaky: 1, stable: 1 },
      quarantined: [expect.objectContaining({ id })],
    });

    const removed = (await client.callTool({
      name: 'quarantine_remove',
      arguments: { testId: id },
    })) as CallToolResult;
    expect(removed.isError).toBeFalsy();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).tests).toEqual([]);
    const missing = (await client.callTool({
      name: 'quarantine_remove',
      arguments: { testId: id },
    })) as CallToolResult;
    expect(missing.isError).toBe(true);
    expect(text(missing)).toContain('is not quarantined');
  });

  test('plans shards from the recorded durations', async () => {
    const result = (await client.callTool({
      name: 'shard_plan',
      arguments: { shards: 2 },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const plan = data<{ shards: { index: number; files: string[] }[] }>(result);
    expect(plan.shards.map((s) => s.files)).toEqual([['test/a.test.ts'], ['test/b.test.ts']]);
  });

  test('writes spec tests and traces them', async () => {
    fs.mkdirSync(path.join(root, '.kiro', 'specs', 'grading'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.kiro', 'specs', 'grading', 'requirements.md'),
      '### Requirement 1: Grades\n\n#### Acceptance Criteria\n\n1. WHEN the score is 90 or more THEN the system SHALL return A\n2. Grades are letters\n',
    );
    const result = (await client.callTool({
      name: 'spec_tests',
      arguments: { documents: ['.kiro/specs/grading/requirements.md'] },
    })) as CallToolResult;
    expect(text(result)).toBe(
      '2 statements in 1 document(s), 1 read as EARS; tests: test/spec/grading.requirements.test.js (written).',
    );
    expect(fs.readFileSync(path.join(root, 'test/spec/grading.requirements.test.js'), 'utf8')).toContain(
      "test.todo('grading#1.1 WHEN the score is 90 or more THEN the system SHALL return A');",
    );

    // Known links: one test names grading#1.1 and passed in the last recorded run; nothing names 1.2.
    fs.writeFileSync(
      path.join(root, 'test', 'grading.test.js'),
      "import { test } from 'vitest';\ntest('grading#1.1 gives A at 90', () => {});\n",
    );
    await recordRuns(root, { 'test/grading.test.js::grading#1.1 gives A at 90': 'P' });
    const traced = (await client.callTool({
      name: 'spec_tests',
      arguments: { documents: ['.kiro/specs/grading/requirements.md'], report: true },
    })) as CallToolResult;
    expect(traced.isError).toBeFalsy();
    expect(text(traced)).toBe(
      '2 statements in 1 document(s), 1 read as EARS; 1 covered, 0 failing, 0 not run, 1 untested.',
    );
    const rows = data<{ report: { rows: { id: string; status: string; tests: { test: string }[] }[] } }>(
      traced,
    ).report.rows;
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['1.1', 'covered'],
      ['1.2', 'untested'],
    ]);
    expect(rows[0]?.tests.map((t) => t.test)).toContain('test/grading.test.js::grading#1.1 gives A at 90');
  });

  test(
    'a cancelled generation stops: the request fails and no process of it is left',
    async () => {
      const server = transport.pid as number;
      const controller = new AbortController();
      let started = false;
      const call = client.callTool(
        { name: 'generate_tests', arguments: { paths: ['src/slow'] } },
        undefined,
        {
          signal: controller.signal,
          timeout: GENERATION_TIMEOUT,
          onprogress: (p) => {
            // Cancel once a file is being worked on: the generation child and its sandboxes are running.
            if (!started && p.message?.startsWith('started')) {
              started = true;
              controller.abort();
            }
          },
        },
      );
      await expect(call).rejects.toThrow(/abort/i);
      expect(started).toBe(true);
      // The server stops the child tree when the cancellation arrives; wait for it (hang guard only).
      const deadline = Date.now() + 60_000;
      while (descendants(server).length > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(descendants(server)).toEqual([]);
      // The server still answers, and nothing was written for the cancelled files.
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(7);
      expect(fs.existsSync(path.join(root, 'src', 'slow', 'step1.assay.test.ts'))).toBe(false);
    },
    GENERATION_TIMEOUT,
  );

  test(
    'closing the client while a generation runs leaves no process behind',
    async () => {
      const second = await connect(root);
      const server = second.transport.pid as number;
      let tree: number[] = [];
      const started = new Promise<void>((resolve) => {
        second.client
          .callTool({ name: 'generate_tests', arguments: { paths: ['src/slow'] } }, undefined, {
            timeout: GENERATION_TIMEOUT,
            onprogress: (p) => {
              if (p.message?.startsWith('started') && !tree.length) {
                tree = descendants(server);
                resolve();
              }
            },
          })
          .catch(() => undefined);
      });
      await started;
      expect(tree.length).toBeGreaterThan(0);
      await second.client.close();
      const deadline = Date.now() + 60_000;
      while (tree.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(tree.filter(alive)).toEqual([]);
    },
    GENERATION_TIMEOUT,
  );
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
