import type { FeeSums, SupervisionFilter } from '@onewindow/supervision';
import type { Queryable } from './queryable';
import { supervisionWhere } from './supervision.repository';

/** A fee of a case as the kernel left it (统一收费), in 分: what 电子监察 sums. */
export interface CaseFeeRecord {
  caseId: string;
  feeId: string;
  matterCode: string;
  department: string;
  itemCode: string;
  name: string;
  status: string;
  amountFen: number;
  paidFen: number;
  waivedFen: number;
  dueFen: number;
  assessedAt: string;
}

/** Writes a case's fees as its state now says (a fee's row follows its payment or waiver). */
export async function recordCaseFees(db: Queryable, fees: readonly CaseFeeRecord[]): Promise<void> {
  if (fees.length === 0) return;
  const column = <K extends keyof CaseFeeRecord>(key: K) => fees.map((fee) => fee[key]);
  await db.query(
    `INSERT INTO case_fees (case_id, fee_id, matter_code, department, item_code, name, status, amount_fen, paid_fen,
       waived_fen, due_fen, assessed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::timestamptz[])
     ON CONFLICT (case_id, fee_id) DO UPDATE SET status = EXCLUDED.status, paid_fen = EXCLUDED.paid_fen,
       waived_fen = EXCLUDED.waived_fen, due_fen = EXCLUDED.due_fen`,
    [
      column('caseId'),
      column('feeId'),
      column('matterCode'),
      column('department'),
      column('itemCode'),
      column('name'),
      column('status'),
      column('amountFen'),
      column('paidFen'),
      column('waivedFen'),
      column('dueFen'),
      column('assessedAt'),
    ],
  );
}

/** What the 审批豁免清单 closed: exempt steps, per department and matter. */
export interface ExemptionCount {
  department: string;
  matterCode: string;
  exempt: number;
}

/**
 * The fees assessed in the filter's period (by when they were assessed), of its department and matter, summed per
 * department and matter: the statuses and amounts are the kernel's, nothing is judged here.
 */
export async function feeSumsByGroup(
  db: Queryable,
  filter: SupervisionFilter,
): Promise<Array<{ department: string; matterCode: string; sums: FeeSums }>> {
  const params: unknown[] = [];
  const where = supervisionWhere(filter, 'f', 'f.assessed_at', params);
  const rows = await db.query<
    Array<{
      department: string;
      matter_code: string;
      fees: string;
      assessed: string;
      paid: string;
      waived: string;
      due: string;
      cancelled: string;
      pending: string;
    }>
  >(
    // What a cancelled fee took off: its amount less a granted waiver (the kernel's feeCancelled), summed on its own
    // so that assessed = paid + waived + due + cancelled stays a check on the rows, not true by construction.
    `SELECT f.department, f.matter_code, count(*) AS fees, sum(f.amount_fen) AS assessed, sum(f.paid_fen) AS paid,
       sum(f.waived_fen) AS waived, sum(f.due_fen) AS due,
       coalesce(sum(f.amount_fen - f.waived_fen) FILTER (WHERE f.status = 'cancelled'), 0) AS cancelled,
       count(*) FILTER (WHERE f.status = 'waiver-requested') AS pending
     FROM case_fees f WHERE ${where}
     GROUP BY f.department, f.matter_code ORDER BY f.department, f.matter_code`,
    params,
  );
  return rows.map((row) => ({
    department: row.department,
    matterCode: row.matter_code,
    sums: {
      fees: Number(row.fees),
      assessedFen: Number(row.assessed),
      paidFen: Number(row.paid),
      waivedFen: Number(row.waived),
      dueFen: Number(row.due),
      cancelledFen: Number(row.cancelled),
      waiversPending: Number(row.pending),
    },
  }));
}

/** The steps the 审批豁免清单 closed in the filter's period (by their exemption's instant), per department and matter. */
export async function exemptionCounts(db: Queryable, filter: SupervisionFilter): Promise<ExemptionCount[]> {
  const params: unknown[] = [];
  const where = supervisionWhere(filter, 'st', 'st.finished_at', params);
  const rows = await db.query<Array<{ department: string; matter_code: string; exempt: string }>>(
    `SELECT st.department, st.matter_code, count(*) AS exempt FROM case_steps st
     WHERE st.status = 'exempt' AND ${where}
     GROUP BY st.department, st.matter_code ORDER BY st.department, st.matter_code`,
    params,
  );
  return rows.map((row) => ({ department: row.department, matterCode: row.matter_code, exempt: Number(row.exempt) }));
}
