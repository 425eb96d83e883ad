// Main-process: the reporter's side of the channel the environment leaves its per-file messages in.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNEL_ENV, type ChannelMessage, channelName, INBOX, type Inbox } from './constants.js';

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * Makes the channel folder (removed when the process exits) and the in-memory inbox for in-band runs.
 * Workers inherit the environment of the process that starts them, after reporters are made.
 */
export function openChannel(): Inbox {
  const channel = mkdtempSync(join(tmpdir(), 'assay-jest-'));
  process.env[CHANNEL_ENV] = channel;
  const inbox: Inbox = { channel, messages: new Map() };
  (globalThis as unknown as Record<symbol, Inbox>)[INBOX] = inbox;
  process.once('exit', () => rmSync(channel, { recursive: true, force: true }));
  return inbox;
}

/** The environment's message for a test file; `inBand` when it came from this process. */
export function takeMessage(
  inbox: Inbox,
  testFilePath: string,
): { message?: ChannelMessage; inBand?: boolean } {
  const handed = inbox.messages.get(testFilePath);
  if (handed) {
    inbox.messages.delete(testFilePath);
    return { message: handed, inBand: true };
  }
  const file = join(inbox.channel, channelName(testFilePath, hash));
  try {
    const message = JSON.parse(readFileSync(file, 'utf8')) as ChannelMessage;
    unlinkSync(file);
    return message.file === testFilePath ? { message } : {};
  } catch {
    return {};
  }
}
