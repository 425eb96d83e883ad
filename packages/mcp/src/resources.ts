import { computeVerdicts, RunStore, readQuarantine, recordedThresholds } from '@assay/history';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from './context.js';
import { readLastReport } from './last-report.js';

export const LAST_GENERATION_URI = 'assay://reports/last-generation';
export const HISTORY_SUMMARY_URI = 'assay://history/summary';

/** The last generation report and a summary of the run history, as readable resources. */
export function registerResources(server: McpServer, context: ServerContext): void {
  server.registerResource(
    'last-generation',
    LAST_GENERATION_URI,
    {
      title: 'Last generation report',
      description:
        'The full report of the last generate_tests call: per file the tests written, coverage per iteration, dropped tests, remaining gaps and problems.',
      mimeType: 'application/json',
    },
    async (uri) => {
      const report = await readLastReport(context.root);
      const text = report
        ? JSON.stringify(report, null, 2)
        : JSON.stringify({ message: 'No generation yet: call generate_tests.' });
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text }] };
    },
  );
  server.registerResource(
    'history-summary',
    HISTORY_SUMMARY_URI,
    {
      title: 'Test history summary',
      description:
        'Recorded runs, verdict counts (flaky, broken, stable), the latest run and the quarantine list, from .assay/.',
      mimeType: 'application/json',
    },
    async (uri) => {
      const history = await RunStore.forRoot(context.root).read();
      const verdicts = computeVerdicts(history.runs, recordedThresholds(history.runs));
      const counts = { flaky: 0, broken: 0, stable: 0 };
      for (const v of verdicts) counts[v.verdict]++;
      const latest = history.runs[history.runs.length - 1]?.record;
      const quarantine = await readQuarantine(context.root);
      const summary = {
        runs: history.runs.length,
        tests: verdicts.length,
        counts,
        latestRun: latest && {
          startedAt: latest.startedAt,
          runner: latest.runner,
          commit: latest.commit,
          tests: latest.tests.length,
        },
        quarantined: quarantine.tests,
        flaky: verdicts.filter((v) => v.verdict === 'flaky').map((v) => v.id),
        broken: verdicts.filter((v) => v.verdict === 'broken').map((v) => v.id),
        problems: history.problems.map((p) => p.message),
      };
      return {
        contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(summary, null, 2) }],
      };
    },
  );
}
