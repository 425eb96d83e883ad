import type { ProgressEvent } from '@assay/core';
import { SingleBar } from 'cli-progress';
import { STATUS_MARK } from './generate-summary.js';
import { plural } from './plural.js';

/** Draws a generate run's progress on `out`: a bar on a terminal, one plain line per file otherwise. */
export function progressReporter(out: NodeJS.WriteStream): {
  onProgress: (event: ProgressEvent) => void;
  stop: () => void;
} {
  return out.isTTY ? barReporter(out) : lineReporter(out);
}

/** Files done / total, the file being worked on, elapsed time and the estimated time left. */
function barReporter(out: NodeJS.WriteStream) {
  const bar = new SingleBar({
    stream: out,
    format: ' {bar} {value}/{total} files | {duration_formatted} elapsed | ETA {estimate} | {file}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
  });
  const started = Date.now();
  // From the average time per finished file so far: cli-progress's own estimate needs a steady rate.
  const estimate = (done: number, total: number) => {
    if (done === 0) return '…';
    const seconds = Math.round((((Date.now() - started) / done) * (total - done)) / 1000);
    return seconds >= 60
      ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
      : `${seconds}s`;
  };
  const inFlight = new Set<string>();
  let drawing = false;
  return {
    onProgress(event: ProgressEvent) {
      if (event.phase === 'discover') {
        bar.start(event.total, 0, { file: '', estimate: '…' });
        drawing = true;
        return;
      }
      if (!event.file) return;
      if (event.phase === 'file-start') inFlight.add(event.file);
      else inFlight.delete(event.file);
      const current = [...inFlight].at(-1) ?? '';
      bar.update(event.done, { file: current, estimate: estimate(event.done, event.total) });
    },
    stop() {
      if (drawing) bar.stop();
    },
  };
}

/** One line per finished file (`[12/300] ✓ src/a.ts 4 tests 1.2 s`): readable in CI logs. */
function lineReporter(out: NodeJS.WriteStream) {
  const started = Date.now();
  return {
    onProgress(event: ProgressEvent) {
      if (event.phase === 'discover') out.write(`assay generate: ${plural(event.total, 'source file')}\n`);
      if (event.phase !== 'file-done' || !event.report) return;
      const { report } = event;
      const detail = report.cached
        ? 'cached'
        : `${plural(report.tests, 'test')}, ${(report.durationMs / 1000).toFixed(1)} s`;
      const elapsed = ((Date.now() - started) / 1000).toFixed(0);
      out.write(
        `[${event.done}/${event.total} ${elapsed} s] ${STATUS_MARK[report.status]} ${report.source} (${detail})\n`,
      );
    },
    stop() {},
  };
}
