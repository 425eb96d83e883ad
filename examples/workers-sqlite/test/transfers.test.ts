import { Ledger, pause } from '../src/ledger.js';
import { ledgerFile } from './ledger-file.js';

let ledger: Ledger;
beforeAll(async () => {
  ledger = await Ledger.open(ledgerFile());
  ledger.clear();
  ledger.deposit('alice', 100);
});
afterAll(() => ledger.close());

describe('transfers', () => {
  test('move money without creating any', async () => {
    for (let i = 0; i < 40; i++) {
      ledger.transfer(i % 2 ? 'bob' : 'alice', i % 2 ? 'alice' : 'bob', 10);
      await pause(25);
    }
    const reopened = await Ledger.open(ledgerFile());
    expect(reopened.balance('alice') + reopened.balance('bob')).toBe(100);
    expect(reopened.entryCount()).toBe(81);
    reopened.close();
  });

  test('refuse to overdraw', () => {
    expect(() => ledger.transfer('bob', 'alice', 1_000)).toThrow('insufficient funds in bob');
  });
});
