import {
  addEntry,
  computeVerdicts,
  planShards,
  type QuarantineEntry,
  RunStore,
  readQuarantine,
  recordedThresholds,
  removeEntry,
  today,
  updateQuarantine,
} from '@assay/history';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { failure, result, type ServerContext } from '../context.js';
import { guard } from './guard.js';

const testIdInput = z
  .string()
  .min(1)
  .describe(
    'Test id as flaky_report lists it: "<test file relative to the root>::<describe > … > test name>".',
  );

/** `flaky_report`, `quarantine_add`, `quarantine_remove`, `shard_plan`: the run history in `.assay/`. */
export function registerHistoryTools(server: McpServer, context: ServerContext): void {
  server.registerTool(
    'flaky_report',
    {
      title: 'Flaky test report',
      description:
        'Verdict per test from the runs recorded by the assay Vitest/Jest plugins (.assay/runs/): flaky (passed after a retry, or passed and failed on the same code, or fails 30 %+ of its recent runs), broken (fails every time since some run: a real failure, fix it rather than quarantine it) or stable; with the evidence, the recent results (P/F/R) and whether the test is quarantined. Flaky tests can be quarantined with quarantine_add.',
      inputSchema: {
        includeStable: z.boolean().optional().describe('true: list stable tests too. Default false.'),
      },
    },
    (args) =>
      guard(async () => {
        const history = await RunStore.forRoot(context.root).read();
        const verdicts = computeVerdicts(history.runs, recordedThresholds(history.runs));
        const quarantined = new Set((await readQuarantine(context.root)).tests.map((t) => t.id));
        const counts = { flaky: 0, broken: 0, stable: 0 };
        for (const v of verdicts) counts[v.verdict]++;
        const tests = verdicts
          .filter((v) => args.includeStable || v.verdict !== 'stable')
          .map((v) => ({ ...v, quarantined: quarantined.has(v.id) }));
        const problems = [...history.problems.map((p) => p.message), ...history.warnings];
        const summary = history.runs.length
          ? `${verdicts.length} tests over ${history.runs.length} recorded runs: ${counts.flaky} flaky, ${counts.broken} broken, ${counts.stable} stable; ${quarantined.size} quarantined.`
          : 'No recorded runs in .assay/runs/: add the assay plugin to the Vitest or Jest config and run the tests.';
        return result(summary, { runs: history.runs.length, counts, tests, problems });
      }),
  );

  server.registerTool(
    'quarantine_add',
    {
      title: 'Quarantine a test',
      description:
        'Adds a test to .assay/quarantine.json: it keeps running and being recorded, but its failure no longer fails the build (mode "report"; "skip" does not run it). For flaky tests, not broken ones. The file is meant to be committed and reviewed like code.',
      inputSchema: {
        testId: testIdInput,
        reason: z
          .string()
          .min(1)
          .describe(
            'Why the test is quarantined, shown in reports, e.g. "fails 40 % of runs on CI (timing)".',
          ),
        owner: z.string().optional().describe('Who looks after the fix.'),
        issue: z.string().optional().describe('Link to the issue tracking the fix.'),
      },
    },
    (args) =>
      guard(async () => {
        const entry: QuarantineEntry = { id: args.testId, reason: args.reason, since: today() };
        if (args.owner) entry.owner = args.owner;
        if (args.issue) entry.issue = args.issue;
        const list = await updateQuarantine(context.root, (current) => addEntry(current, entry));
        const { runs } = await RunStore.forRoot(context.root).read();
        const known = runs.some((r) => r.record.tests.some((t) => t.id === args.testId));
        const warning =
          runs.length && !known
            ? ' Warning: no recorded run has a test with this id; check it against flaky_report.'
            : '';
        return result(`Quarantined ${args.testId} in .assay/quarantine.json (commit it).${warning}`, list);
      }),
  );

  server.registerTool(
    'quarantine_remove',
    {
      title: 'Release a test from quarantine',
      description: 'Removes a test from .assay/quarantine.json: its failures fail the build again.',
      inputSchema: { testId: testIdInput },
    },
    (args) =>
      guard(async () => {
        const list = await updateQuarantine(context.root, (current) => removeEntry(current, args.testId));
        return result(`Released ${args.testId} from quarantine.`, list);
      }),
  );

  server.registerTool(
    'shard_plan',
    {
      title: 'Shard plan',
      description:
        'Splits test files into N CI shards of about equal recorded duration (longest first), as the assay plugins do with --shard: the plan every shard computes from the same history. Files never recorded get the median duration.',
      inputSchema: {
        shards: z.number().int().min(1).max(256).describe('Number of shards, e.g. 4.'),
        files: z
          .array(z.string().min(1))
          .optional()
          .describe(
            'Test files to plan, relative to the root. Default: every test file in the recorded runs.',
          ),
      },
    },
    (args) =>
      guard(async () => {
        const { runs } = await RunStore.forRoot(context.root).read();
        const records = runs.map((r) => r.record);
        const files = args.files ?? [...new Set(records.flatMap((r) => Object.keys(r.files)))];
        const plan = planShards(files, records, { count: args.shards });
        if (!plan) {
          return failure(
            'No recorded duration for these files: run the tests with the assay plugin first (it records .assay/runs/).',
          );
        }
        const lines = plan.shards.map(
          (s) => `shard ${s.index}: ${s.files.length} files, ~${Math.round(s.estimatedMs)} ms`,
        );
        return result(`${files.length} files in ${args.shards} shards. ${lines.join('; ')}.`, plan);
      }),
  );
}
