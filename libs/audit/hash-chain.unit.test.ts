import { canonicalJson, eventHash, GENESIS_HASH, verifyChain, type ChainRow } from './hash-chain';

function chain(count: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prevHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= count; sequence += 1) {
    const fields = {
      caseId: 'C-1',
      sequence,
      type: sequence === 1 ? 'CaseSubmitted' : 'OpinionRecorded',
      occurredAt: `2026-03-0${sequence}T01:00:00.000Z`,
      actor: { id: 'window-1', role: 'window' },
      commandId: `cmd-${sequence}`,
      payload: { n: sequence, nested: { b: 1, a: [1, 2] } },
    };
    const hash = eventHash(prevHash, fields);
    rows.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return rows;
}

describe('audit hash chain (tamper evidence for 审批档案)', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('an intact chain verifies clean', () => {
    expect(verifyChain(chain(4))).toEqual([]);
  });

  it('an edited payload breaks that row', () => {
    const rows = chain(4);
    rows[1] = { ...rows[1], payload: { n: 99 } };
    expect(verifyChain(rows)).toEqual([{ kind: 'hash-mismatch', sequence: 2 }]);
  });

  it('a deleted row shows as a gap and a broken link', () => {
    const rows = chain(4);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toEqual(
      expect.arrayContaining([
        { kind: 'sequence-gap', sequence: 3, expected: 2 },
        { kind: 'prev-hash-mismatch', sequence: 3 },
      ]),
    );
  });

  it('reordered rows are detected', () => {
    const rows = chain(3);
    const swapped = [rows[0], rows[2], rows[1]];
    expect(verifyChain(swapped).length).toBeGreaterThan(0);
  });

  it('the same instant written differently hashes the same', () => {
    const row = chain(1)[0];
    expect(eventHash(GENESIS_HASH, { ...row, occurredAt: '2026-03-01T09:00:00+08:00' })).toBe(row.hash);
  });
});

describe('truncation', () => {
  it('rows cut off the end are found when the expected length is known', () => {
    const rows = chain(4).slice(0, 3);
    expect(verifyChain(rows)).toEqual([]);
    expect(verifyChain(rows, 4)).toEqual([{ kind: 'truncated', sequence: 3, expected: 4 }]);
  });
});
