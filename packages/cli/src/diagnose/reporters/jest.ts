// Loaded by Jest as a reporter during `assay flaky diagnose`: writes each test's outcome, in the
// order the tests ran, as one JSON line to the file named by ASSAY_DIAGNOSE_OUT.
import { appendFileSync } from 'node:fs';

/** The parts of Jest's `AssertionResult` (29 and 30) read here. */
interface AssertionLike {
  ancestorTitles: string[];
  title: string;
  status: string;
}

export default class AssayDiagnoseReporter {
  onTestCaseResult(test: { path: string }, result: AssertionLike): void {
    if (result.status !== 'passed' && result.status !== 'failed') return;
    const out = process.env.ASSAY_DIAGNOSE_OUT;
    const line = { file: test.path, names: [...result.ancestorTitles, result.title], state: result.status };
    if (out) appendFileSync(out, `${JSON.stringify(line)}\n`);
  }
}
