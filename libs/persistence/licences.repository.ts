import { instantOf, instantOrNull, type Queryable } from './queryable';

/** An electronic licence record (电子证照). */
export interface LicenceRecord {
  number: string;
  caseId: string;
  stepId: string;
  matterCode: string;
  department: string;
  holderName: string;
  holderCreditCode: string;
  seal: string | null;
  issuedAt: string;
  contentHash: string;
  revokedAt: string | null;
  revokeReason: string | null;
}

interface LicenceRow {
  number: string;
  case_id: string;
  step_id: string;
  matter_code: string;
  department: string;
  holder_name: string;
  holder_credit_code: string;
  seal: string | null;
  issued_at: Date;
  content_hash: string;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

const COLUMNS = `number, case_id, step_id, matter_code, department, holder_name, holder_credit_code, seal, issued_at,
  content_hash, revoked_at, revoke_reason`;

function recordOf(row: LicenceRow): LicenceRecord {
  return {
    number: row.number,
    caseId: row.case_id,
    stepId: row.step_id,
    matterCode: row.matter_code,
    department: row.department,
    holderName: row.holder_name,
    holderCreditCode: row.holder_credit_code,
    seal: row.seal,
    issuedAt: instantOf(row.issued_at),
    contentHash: row.content_hash,
    revokedAt: instantOrNull(row.revoked_at),
    revokeReason: row.revoke_reason,
  };
}

/**
 * Writes a case's licence records: new numbers are inserted, known ones left as issued (a number is one licence,
 * the first case to issue it keeps it); then, when the case's decision was revoked, every licence of the case is
 * revoked with the reason (once).
 */
export async function recordLicences(
  db: Queryable,
  caseId: string,
  records: ReadonlyArray<Omit<LicenceRecord, 'revokedAt' | 'revokeReason'>>,
  revoked?: { at: string; reason: string },
): Promise<void> {
  for (const record of records) {
    await db.query(
      `INSERT INTO licences (number, case_id, step_id, matter_code, department, holder_name, holder_credit_code, seal,
         issued_at, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (number) DO NOTHING`,
      [
        record.number,
        record.caseId,
        record.stepId,
        record.matterCode,
        record.department,
        record.holderName,
        record.holderCreditCode,
        record.seal,
        record.issuedAt,
        record.contentHash,
      ],
    );
  }
  if (revoked) {
    await db.query(
      `UPDATE licences SET revoked_at = $2, revoke_reason = $3 WHERE case_id = $1 AND revoked_at IS NULL`,
      [caseId, revoked.at, revoked.reason],
    );
  }
}

export async function findLicence(db: Queryable, number: string): Promise<LicenceRecord | undefined> {
  const rows = await db.query<LicenceRow[]>(`SELECT ${COLUMNS} FROM licences WHERE number = $1`, [number]);
  return rows[0] && recordOf(rows[0]);
}
