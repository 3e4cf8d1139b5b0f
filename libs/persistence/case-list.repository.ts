import type { CaseRow } from './cases.repository';
import { instantOf, instantOrNull, type Queryable } from './queryable';

/** Filtered, sorted pages of `cases` (the read model cases.repository.ts writes): the case list and the archive. */

export interface CaseListFilter {
  status?: string;
  department?: string;
  templateId?: string;
  overdue?: boolean;
  /** 特办件 only. */
  priority?: boolean;
  warningLevel?: string;
  /** Received at or after this instant. */
  receivedFrom?: string;
  /** Received before this instant. */
  receivedTo?: string;
  /** Not closed yet (true) or closed (false). */
  open?: boolean;
  /** Cases with a step in one of these statuses; with `department`, a step of that department. */
  stepStatus?: readonly string[];
}

/** `-receivedAt` newest first (the default), `deadline` nearest first (cases without one last), and the reverses. */
export type CaseListSort = '-receivedAt' | 'receivedAt' | 'deadline' | '-deadline';

export interface CaseListPage {
  /** 1-based. */
  page: number;
  pageSize: number;
  sort?: CaseListSort;
  /** Keyset pagination in an order by receipt: the page after this case, instead of `page`. */
  after?: CaseListPosition;
}

/** Where a case stands in an order by receipt (received_at, then case id). */
export interface CaseListPosition {
  receivedAt: string;
  caseId: string;
}

const ORDER_BY: Record<CaseListSort, string> = {
  '-receivedAt': 'received_at DESC, case_id',
  receivedAt: 'received_at, case_id',
  deadline: 'deadline ASC NULLS LAST, case_id',
  '-deadline': 'deadline DESC NULLS LAST, case_id',
};

export interface CaseListItem {
  caseId: string;
  templateId: string;
  status: string;
  kind: string | null;
  departments: string[];
  deadline: string | null;
  overdue: boolean;
  legalOverdue: boolean;
  warningLevel: string;
  priority: boolean;
  receivedAt: string;
  closedAt: string | null;
  updatedAt: string;
}

const LISTED = [
  'case_id',
  'template_id',
  'status',
  'kind',
  'departments',
  'deadline',
  'overdue',
  'legal_overdue',
  'warning_level',
  'priority',
  'received_at',
  'closed_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof CaseRow>;

function listItemOf(row: Pick<CaseRow, (typeof LISTED)[number]>): CaseListItem {
  return {
    caseId: row.case_id,
    templateId: row.template_id,
    status: row.status,
    kind: row.kind,
    departments: row.departments,
    deadline: instantOrNull(row.deadline),
    overdue: row.overdue,
    legalOverdue: row.legal_overdue,
    warningLevel: row.warning_level,
    priority: row.priority,
    receivedAt: instantOf(row.received_at),
    closedAt: instantOrNull(row.closed_at),
    updatedAt: instantOf(row.updated_at),
  };
}

/** The WHERE clause of a filter and its parameters. */
function filterSql(filter: CaseListFilter): { whereSql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filter.status) add('status = ?', filter.status);
  // Containment rather than `= ANY`: the GIN index on departments answers it.
  if (filter.department) add('departments @> ARRAY[?]::text[]', filter.department);
  if (filter.templateId) add('template_id = ?', filter.templateId);
  if (filter.overdue !== undefined) add('overdue = ?', filter.overdue);
  if (filter.priority !== undefined) add('priority = ?', filter.priority);
  if (filter.warningLevel) add('warning_level = ?', filter.warningLevel);
  if (filter.receivedFrom) add('received_at >= ?', filter.receivedFrom);
  if (filter.receivedTo) add('received_at < ?', filter.receivedTo);
  if (filter.open !== undefined) where.push(filter.open ? 'closed_at IS NULL' : 'closed_at IS NOT NULL');
  if (filter.stepStatus?.length) {
    // A step of the department asked for, when one is (its 待办), through ix_case_steps_department.
    params.push(filter.stepStatus);
    const statuses = `$${params.length}`;
    if (filter.department) params.push(filter.department);
    const ofDepartment = filter.department ? ` AND s.department = $${params.length}` : '';
    where.push(
      `EXISTS (SELECT 1 FROM case_steps s WHERE s.case_id = cases.case_id AND s.status = ANY(${statuses})${ofDepartment})`,
    );
  }
  return { whereSql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/**
 * The rows after a position in an order by receipt: an index range on received_at, then the ties by case id. The
 * orders by deadline page by `page` (the API refuses `after` with them).
 */
function afterSql(sort: CaseListSort, after: CaseListPosition, params: unknown[]): string {
  if (sort === 'deadline' || sort === '-deadline') throw new Error(`keyset pages follow the receipt, not ${sort}`);
  params.push(after.receivedAt, after.caseId);
  const [at, id] = [`$${params.length - 1}::timestamptz`, `$${params.length}`];
  return sort === '-receivedAt'
    ? `received_at <= ${at} AND (received_at < ${at} OR case_id > ${id})`
    : `received_at >= ${at} AND (received_at > ${at} OR case_id > ${id})`;
}

/**
 * One page of cases in the order asked for (newest received first by default), and how many match in all. `after`
 * continues from a case (keyset pagination), where a deep `page` would first step over every row before it.
 */
export async function listCases(
  db: Queryable,
  filter: CaseListFilter & CaseListPage,
): Promise<{ items: CaseListItem[]; total: number }> {
  const { whereSql, params } = filterSql(filter);
  const [{ count }] = await db.query<[{ count: string }]>(`SELECT count(*) FROM cases ${whereSql}`, params);
  const sort = filter.sort ?? '-receivedAt';
  const pageParams = [...params];
  const keyset = filter.after ? afterSql(sort, filter.after, pageParams) : undefined;
  const pageWhere = keyset ? (whereSql ? `${whereSql} AND ${keyset}` : `WHERE ${keyset}`) : whereSql;
  const offset = filter.after ? 0 : (filter.page - 1) * filter.pageSize;
  const rows = await db.query<Array<Pick<CaseRow, (typeof LISTED)[number]>>>(
    `SELECT ${LISTED.join(', ')}
     FROM cases ${pageWhere} ORDER BY ${ORDER_BY[sort]}
     LIMIT $${pageParams.length + 1} OFFSET $${pageParams.length + 2}`,
    [...pageParams, filter.pageSize, offset],
  );
  return { items: rows.map(listItemOf), total: Number(count) };
}

/** The ids of the cases matching a filter, oldest received first, and how many match (at most `limit` ids). */
export async function matchingCaseIds(
  db: Queryable,
  filter: CaseListFilter,
  limit: number,
): Promise<{ caseIds: string[]; total: number }> {
  const { whereSql, params } = filterSql(filter);
  const [{ count }] = await db.query<[{ count: string }]>(`SELECT count(*) FROM cases ${whereSql}`, params);
  const rows = await db.query<Array<{ case_id: string }>>(
    `SELECT case_id FROM cases ${whereSql} ORDER BY received_at, case_id LIMIT $${params.length + 1}`,
    [...params, limit],
  );
  return { caseIds: rows.map((row) => row.case_id), total: Number(count) };
}
