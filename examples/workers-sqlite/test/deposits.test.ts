import { Ledger, pause } from '../src/ledger.js';
import { ledgerFile, workerSlot } from './ledger-file.js';

// Each file assumes it owns the database: it clears it, writes, and reads back after a reopen.
let ledger: Ledger;
beforeAll(async () => {
  ledger = await Ledger.open(ledgerFile());
  ledger.clear();
});
afterAll(() => ledger.close());

describe('deposits', () => {
  test('survive reopening the file', async () => {
    for (let i = 0; i < 40; i++) {
      ledger.deposit('alice', 5);
      await pause(25);
    }
    const reopened = await Ledger.open(ledgerFile());
    expect(reopened.balance('alice')).toBe(200);
    expect(reopened.entryCount()).toBe(40);
    reopened.close();
  });

  test("the file lives in this worker's own folder", () => {
    if (process.env.LEDGER_SHARED === '1') return;
    expect(ledgerFile()).toMatch(new RegExp(`w${workerSlot()}[\\\\/]ledger\\.sqlite$`));
  });
});
