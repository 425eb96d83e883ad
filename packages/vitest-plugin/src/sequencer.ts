import { relative, sep } from 'node:path';
import { formatShardLine, planShards, RunStore } from '@assay/history';
import { BaseSequencer, type TestSpecification, type Vitest } from 'vitest/node';

/** Posix path of a test file relative to the project root: the key of shard plans and run records. */
function fileKey(root: string, moduleId: string): string {
  const rel = relative(root, moduleId);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * A Vitest sequencer whose `shard()` splits files by recorded duration (see `planShards` in
 * `@assay/history`) and whose `sort()` is Vitest's own. Without any recorded duration for the files,
 * `shard()` is Vitest's built-in split. The plugin installs it with `assay({ shard: 'duration' })`,
 * the default; give it a root other than Vitest's by subclassing.
 *
 * @example
 * // vitest.config.ts, without the plugin
 * import { AssaySequencer } from '@assay/vitest-plugin/sequencer';
 * export default defineConfig({ test: { sequence: { sequencer: AssaySequencer } } });
 */
export class AssaySequencer extends BaseSequencer {
  /** Project root holding `.assay/runs/`; Vitest's root unless set by a subclass or the plugin. */
  protected assayRoot: string;

  constructor(ctx: Vitest) {
    super(ctx);
    this.assayRoot = ctx.config.root;
  }

  override async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { index, count } = this.ctx.config.shard!;
    const root = this.assayRoot;
    const keys = files.map((spec) => fileKey(root, spec.moduleId));
    let history: Awaited<ReturnType<RunStore['read']>>;
    try {
      history = await RunStore.forRoot(root).read();
    } catch (error) {
      this.ctx.logger.error(
        `assay: could not read the history (${(error as Error).message}); Vitest's own split is used`,
      );
      return super.shard(files);
    }
    const plan = planShards(
      keys,
      history.runs.map((run) => run.record),
      { count, runner: 'vitest' },
    );
    if (!plan) {
      this.ctx.logger.log(
        `assay: no recorded durations for these files yet; shard ${index}/${count} uses Vitest's split`,
      );
      return super.shard(files);
    }
    this.ctx.logger.log(formatShardLine(plan, index));
    const mine = new Set(plan.shards[index - 1]!.files);
    return files.filter((_, i) => mine.has(keys[i]!));
  }
}

/** A sequencer class bound to a project root (the plugin's `root` option). */
export function sequencerFor(root: string | undefined): typeof AssaySequencer {
  if (root === undefined) return AssaySequencer;
  const fixed = root;
  return class extends AssaySequencer {
    constructor(ctx: Vitest) {
      super(ctx);
      this.assayRoot = fixed;
    }
  };
}

export default AssaySequencer;
