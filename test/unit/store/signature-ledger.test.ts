import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/database.js';
import { SignatureLedger } from '../../../src/store/signature-ledger.js';
import { tempDbPath } from '../../support/test-shipgate.js';

const signature = (n: number) => createHash('sha256').update(`request ${n}`).digest();
const T0 = 1_795_000_000;

describe('SignatureLedger', () => {
  it('takes a signature the first time and refuses it every time after, also after the file is reopened', () => {
    const path = tempDbPath('shipgate-signatures-');
    const db = openDatabase(path);
    const ledger = new SignatureLedger(db);
    expect(ledger.firstSeen(signature(1), T0)).toBe(true);
    expect(ledger.firstSeen(signature(1), T0)).toBe(false);
    expect(ledger.firstSeen(signature(2), T0)).toBe(true);
    db.close();
    const reopened = openDatabase(path);
    expect(new SignatureLedger(reopened).firstSeen(signature(1), T0)).toBe(false);
    reopened.close();
  });

  it('forgets signatures stamped more than 10 minutes before the newest, which a replay could not pass anyway', () => {
    const db = openDatabase(tempDbPath('shipgate-signatures-'));
    const ledger = new SignatureLedger(db);
    ledger.firstSeen(signature(0), T0);
    ledger.firstSeen(signature(-1), T0 + 100);
    for (let i = 1; i <= 998; i++) ledger.firstSeen(signature(i), T0 + 700);
    const rows = () =>
      db.prepare('SELECT timestamp FROM slack_request_signatures').all() as { timestamp: number }[];
    expect(rows()).toHaveLength(999);
    expect(rows().some((r) => r.timestamp === T0)).toBe(false);
    expect(rows().some((r) => r.timestamp === T0 + 100)).toBe(true);
    db.close();
  });
});
