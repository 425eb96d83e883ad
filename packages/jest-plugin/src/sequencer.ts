// Main-process entry: `testSequencer: '@assay/jest-plugin/sequencer'`.
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { formatShardLine, planShards, RunStore } from '@assay/history';

// The few fields of Jest's types the sequencer reads, common to Jest 29 and 30.
interface JestTest {
  path: string;
  context: { config: { rootDir: string } };
}
interface ShardOptions {
  shardIndex: number;
  shardCount: number;
}
interface JestSequencer {
  shard(tests: JestTest[], options: ShardOptions): JestTest[] | Promise<JestTest[]>;
  sort(tests: JestTest[]): JestTest[] | Promise<JestTest[]>;
}
type SequencerClass = new (options?: unknown) => JestSequencer;

/**
 * Jest's default sequencer, from the Jest that loads this file. `@jest/test-sequencer` is a dependency
 * of Jest itself, not of the user's project, so it is looked up from Jest's own folders when a
 * plain `require` from here cannot see it (pnpm and Yarn PnP do not hoist it).
 */
function jestDefaultSequencer(): SequencerClass {
  const starts = [
    import.meta.url,
    // The running Jest binary (node_modules/jest/bin/jest.js or jest-cli's).
    ...(process.argv[1] ? [process.argv[1]] : []),
    join(process.cwd(), 'package.json'),
  ];
  for (const start of starts) {
    const from = createRequire(start);
    for (const chain of [[], ['jest', '@jest/core'], ['jest-cli', '@jest/core'], ['@jest/core']]) {
      try {
        let req = from;
        for (const name of chain) req = createRequire(req.resolve(`${name}/package.json`));
        const loaded = req('@jest/test-sequencer') as { default?: SequencerClass } | SequencerClass;
        return (typeof loaded === 'function' ? loaded : loaded.default) as SequencerClass;
      } catch {}
    }
  }
  throw new Error(
    "@assay/jest-plugin/sequencer: cannot find Jest's '@jest/test-sequencer'. Install it next to jest " +
      '(npm install -D @jest/test-sequencer) or remove testSequencer from your Jest config.',
  );
}

const Base = jestDefaultSequencer();

function fileKey(root: string, file: string): string {
  const rel = relative(root, file);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Jest's default sequencer with `shard()` balanced by recorded duration (`planShards` in
 * `@assay/history`): `--shard=i/n` gives each shard about the same time instead of the same number of
 * files. Without any recorded duration for the files, Jest's own split is used; `sort()` is Jest's.
 *
 * @example
 * // jest.config.js
 * module.exports = { testSequencer: '@assay/jest-plugin/sequencer' };
 */
export class AssaySequencer extends Base {
  override async shard(tests: JestTest[], options: ShardOptions): Promise<JestTest[]> {
    const { shardIndex, shardCount } = options;
    if (tests.length === 0) return super.shard(tests, options);
    const root = tests[0]!.context.config.rootDir;
    const keys = tests.map((test) => fileKey(root, test.path));
    let plan: ReturnType<typeof planShards>;
    try {
      const { runs } = await RunStore.forRoot(root).read();
      plan = planShards(
        keys,
        runs.map((run) => run.record),
        { count: shardCount, runner: 'jest' },
      );
    } catch (error) {
      process.stderr.write(
        `assay: could not read the history (${(error as Error).message}); Jest's own split is used\n`,
      );
      return super.shard(tests, options);
    }
    if (!plan) {
      process.stderr.write(
        `assay: no recorded durations for these files yet; shard ${shardIndex}/${shardCount} uses Jest's split\n`,
      );
      return super.shard(tests, options);
    }
    process.stderr.write(`${formatShardLine(plan, shardIndex)}\n`);
    const mine = new Set(plan.shards[shardIndex - 1]!.files);
    return tests.filter((_, i) => mine.has(keys[i]!));
  }
}

export default AssaySequencer;
