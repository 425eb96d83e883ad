// Loaded by Vitest as a reporter during `assay flaky diagnose`: writes each test's outcome, in the
// order the tests ran, as one JSON line to the file named by ASSAY_DIAGNOSE_OUT.
import { appendFileSync } from 'node:fs';

interface ParentLike {
  type: string;
  name?: string;
  parent?: ParentLike;
}

/** The parts of Vitest's `TestCase` (3.x and 4.x) read here. */
interface TestCaseLike {
  name: string;
  module: { moduleId: string };
  parent: ParentLike;
  result(): { state: string };
}

export default class AssayDiagnoseReporter {
  onTestCaseResult(test: TestCaseLike): void {
    const state = test.result().state;
    if (state !== 'passed' && state !== 'failed') return;
    const names = [test.name];
    for (let p: ParentLike | undefined = test.parent; p?.type === 'suite'; p = p.parent)
      names.unshift(p.name ?? '');
    const out = process.env.ASSAY_DIAGNOSE_OUT;
    if (out) appendFileSync(out, `${JSON.stringify({ file: test.module.moduleId, names, state })}\n`);
  }
}
