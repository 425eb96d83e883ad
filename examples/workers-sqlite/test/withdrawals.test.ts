import { Ledger, pause } from '../src/ledger.js';
import { ledgerFile } from './ledger-file.js';

let ledger: Ledger;
beforeAll(async () => {
  ledger = await Ledger.open(ledgerFile());
  ledger.clear();
  ledger.deposit('alice', 400);
});
afterAll(() => ledger.close());

describe('withdrawals', () => {
  test('lower the balance entry by entry', async () => {
    for (let i = 0; i < 40; i++) {
      ledger.withdraw('alice', 10);
      await pause(25);
    }
    const reopened = await Ledger.open(ledgerFile());
    expect(reopened.balance('alice')).toBe(0);
    expect(reopened.entryCount()).toBe(41);
    reopened.close();
  });
});
