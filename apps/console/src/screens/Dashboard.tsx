import { Link } from 'wouter';
import { api, unwrap } from '../api/client';
import { caseQueryString, type CaseQuery } from '../api/case-query';
import { ErrorNote, Section } from '../components/ui';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh';
import { roleKind } from '../roles';
import { useMe } from '../session';

type Filter = CaseQuery;

/** What waits for this role: the window's cases to accept, a department's steps to answer, the others' late cases. */
function todoOf(role: string, department: string | undefined): Filter {
  if (roleKind(role) === 'window') return { status: 'received', sort: 'receivedAt' };
  if (department) return { department, stepStatus: ['in-review'], sort: 'deadline' };
  return { open: true, overdue: true, sort: 'deadline' };
}

/**
 * The five counts of 工作台 for a role, each a case-list filter: 待办 (above), 在办 (open cases, of the department
 * for a department key) and the open cases at each warning level.
 */
function tiles(role: string, department: string | undefined): Array<{ label: MessageKey; filter: Filter }> {
  const mine: Filter = department ? { department, open: true } : { open: true };
  return [
    { label: 'dashboard.todo', filter: todoOf(role, department) },
    { label: 'dashboard.inProgress', filter: mine },
    { label: 'dashboard.warning', filter: { ...mine, warningLevel: 'warning' } },
    { label: 'dashboard.yellow', filter: { ...mine, warningLevel: 'yellow' } },
    { label: 'dashboard.red', filter: { ...mine, warningLevel: 'red' } },
  ];
}

async function count(filter: Filter): Promise<number> {
  return unwrap(await api.GET('/v1/cases', { params: { query: { ...filter, page: 1, pageSize: 1 } } })).total;
}

/** 工作台: 待办 / 在办 / 预警 / 黄牌 / 红牌 for this role, each linking to the filtered case list. */
export function Dashboard() {
  const { t } = useI18n();
  const me = useMe();
  const list = tiles(me.role, me.department);
  const counts = useLoad(() => Promise.all(list.map((tile) => count(tile.filter))), [me.role]);
  return (
    <>
      <h1>{t('nav.dashboard')}</h1>
      <ErrorNote failure={counts.error} />
      <Section title={t('dashboard.counts')}>
        <ul className="tiles">
          {list.map((tile, index) => (
            <li key={tile.label} className={`tile tile-${index}`}>
              <Link href={`/cases?${caseQueryString(tile.filter)}`}>
                <span className="tile-count" data-testid={tile.label}>
                  {counts.data ? counts.data[index] : '…'}
                </span>
                <span className="tile-label">{t(tile.label)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
