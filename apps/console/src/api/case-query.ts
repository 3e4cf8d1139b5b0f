import type { paths } from './schema';

/** The query of GET /v1/cases as the generated client types it. */
export type CaseQuery = NonNullable<paths['/v1/cases']['get']['parameters']['query']>;

/** Every status a listed case can have (all but draft), in the order a case goes through them. */
export const LISTED_STATUSES = [
  'received',
  'awaiting-supplement',
  'in-review',
  'awaiting-issuance',
  'completed',
  'refused',
  'returned',
  'terminated',
  'withdrawn',
  'revoked',
] as const satisfies ReadonlyArray<NonNullable<CaseQuery['status']>>;

const KEYS = [
  'status',
  'department',
  'templateId',
  'overdue',
  'warningLevel',
  'receivedFrom',
  'receivedTo',
  'open',
  'stepStatus',
  'sort',
  'page',
  'pageSize',
] as const;

/** A list filter from the page's query string (links from 工作台 carry one); the API judges the values. */
export function caseQueryFrom(search: string): CaseQuery {
  const params = new URLSearchParams(search);
  const query: CaseQuery = {};
  const fields = query as Record<string, string | number | string[]>;
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    fields[key] =
      key === 'page' || key === 'pageSize' ? Number(value) : key === 'stepStatus' ? value.split(',') : value;
  }
  return query;
}

export function caseQueryString(query: CaseQuery): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  return params.toString();
}
