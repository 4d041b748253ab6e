import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/database.js';
import { SignatureLedger } from '../../../src/store/signature-ledger.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const signature = (n: number) => createHash('sha256').update(`request ${n}`).digest();
const T0 = 1_795_000_000;

describe('SignatureLedger', () => {
  it('takes a signature the first time and refuses it every time after, also after the file is reopened', async () => {
    const path = tempDbPath('shipgate-signatures-');
    const db = openDatabase(path);
    const ledger = new SignatureLedger(db);
    expect(await ledger.firstSeen(signature(1), T0)).toBe(true);
    expect(await ledger.firstSeen(signature(1), T0)).toBe(false);
    expect(await ledger.firstSeen(signature(2), T0)).toBe(true);
    db.close();
    const reopened = openDatabase(path);
    expect(await new SignatureLedger(reopened).firstSeen(signature(1), T0)).toBe(false);
    reopened.close();
  });

  it('takes one of two identical signatures presented in the same turn of the event loop', async () => {
    const db = openDatabase(tempDbPath('shipgate-signatures-'));
    const ledger = new SignatureLedger(db);
    const answers = await Promise.all([
      ledger.firstSeen(signature(7), T0),
      ledger.firstSeen(signature(8), T0),
      ledger.firstSeen(signature(7), T0),
    ]);
    expect(answers).toEqual([true, true, false]);
    db.close();
  });

  it('forgets signatures stamped more than 10 minutes before the newest, which a replay could not pass anyway', async () => {
    const db = openDatabase(tempDbPath('shipgate-signatures-'));
    const ledger = new SignatureLedger(db);
    await ledger.firstSeen(signature(0), T0);
    await ledger.firstSeen(signature(-1), T0 + 100);
    await Promise.all(Array.from({ length: 998 }, (_, i) => ledger.firstSeen(signature(i + 1), T0 + 700)));
    const rows = db.prepare('SELECT timestamp FROM slack_request_signatures').all() as {
      timestamp: number;
    }[];
    expect(rows).toHaveLength(999);
    expect(rows.some((r) => r.timestamp === T0)).toBe(false);
    expect(rows.some((r) => r.timestamp === T0 + 100)).toBe(true);
    db.close();
  });

  it('rejects when the database cannot be written, so no request is taken in unchecked', async () => {
    const db = openDatabase(tempDbPath('shipgate-signatures-'));
    const ledger = new SignatureLedger(db);
    db.close();
    await expect(ledger.firstSeen(signature(1), T0)).rejects.toThrow(/not open/);
  });
});
