import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Prefix of the temporary files written next to their target; readers skip them. */
export const TEMP_PREFIX = '.tmp-';

/**
 * Writes a file atomically: the content goes to a temporary file in the same folder, then a rename
 * puts it in place. Readers see either no file or the whole file, never half of one, even if the
 * process dies mid-write.
 */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}-${basename(file)}`);
  try {
    await writeFile(temp, content, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
