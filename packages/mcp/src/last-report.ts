import fs from 'node:fs/promises';
import path from 'node:path';
import type { GenerateReport } from '@assay/core';
import { ASSAY_DIR, writeFileAtomic } from '@assay/history';

/** Where the server keeps the last generation report, so it survives a restart of the server. */
export function lastReportFile(root: string): string {
  return path.join(root, ASSAY_DIR, 'mcp', 'last-generation.json');
}

export async function saveLastReport(root: string, report: GenerateReport): Promise<void> {
  await writeFileAtomic(lastReportFile(root), `${JSON.stringify(report, null, 2)}\n`);
}

/** The last report, or undefined when there is none (or it cannot be read: it is only a cache). */
export async function readLastReport(root: string): Promise<GenerateReport | undefined> {
  try {
    const report = JSON.parse(await fs.readFile(lastReportFile(root), 'utf8')) as GenerateReport;
    return Array.isArray(report.files) ? report : undefined;
  } catch {
    return undefined;
  }
}
