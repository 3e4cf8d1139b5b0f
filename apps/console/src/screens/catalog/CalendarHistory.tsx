import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'wouter';
import { useMemo } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNote, Section } from '../../components/ui';
import { dateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

type Notice = Schemas['HolidayNotice'];
type Recomputation = Schemas['CalendarRecomputation'];

const noticeColumn = createColumnHelper<Notice>();
const recomputationColumn = createColumnHelper<Recomputation>();
/** Moves shown under a recomputation (the API keeps its first 500). */
const MOVES_SHOWN = 20;

/** Every revision of every published notice (GET /v1/calendar/notices): the calendar's history, never overwritten. */
function NoticeHistory({ refresh }: { refresh: number }) {
  const { t } = useI18n();
  const notices = useLoad(
    async () => unwrap(await api.GET('/v1/calendar/notices', { params: { query: {} } })),
    [refresh],
  );
  const columns = useMemo(
    () => [
      noticeColumn.accessor('region', { header: t('calendar.region') }),
      noticeColumn.accessor('year', { header: t('calendar.year') }),
      noticeColumn.accessor('revision', { header: t('calendar.revision') }),
      noticeColumn.accessor('documentNumber', { header: t('calendar.documentNumber') }),
      noticeColumn.accessor('title', { header: t('calendar.title') }),
      noticeColumn.accessor('issuedOn', { header: t('calendar.issuedOn'), cell: (info) => info.getValue() ?? '—' }),
      noticeColumn.accessor((row) => row.holidays.map((h) => `${h.name} ${h.from}–${h.to}`).join('；'), {
        id: 'holidays',
        header: t('calendar.holidays'),
        enableSorting: false,
      }),
      noticeColumn.accessor((row) => row.workdays.map((w) => `${w.name} ${w.date}`).join('；'), {
        id: 'workdays',
        header: t('calendar.workdays'),
        enableSorting: false,
      }),
      noticeColumn.accessor('publishedAt', {
        header: t('catalog.publishedAt'),
        cell: (info) => dateTime(info.getValue()),
      }),
      noticeColumn.accessor('publishedBy', { header: t('catalog.publishedBy') }),
    ],
    [t],
  );
  return (
    <Section title={t('calendar.noticeHistory')}>
      <ErrorNote failure={notices.error} />
      <DataTable
        caption={t('calendar.noticeHistory')}
        columns={columns}
        data={notices.data ?? []}
        rowKey={(row) => String(row.id)}
      />
    </Section>
  );
}

/** The deadlines one recomputation moved, each case linked. */
function Moves({ recomputation }: { recomputation: Recomputation }) {
  const { t } = useI18n();
  if (recomputation.moves.length === 0) return <span className="muted">{t('common.none')}</span>;
  return (
    <details>
      <summary>{t('calendar.moves', { count: recomputation.deadlinesMoved })}</summary>
      <ul className="plain">
        {recomputation.moves.slice(0, MOVES_SHOWN).map((move) => (
          <li key={`${move.caseId}/${move.clock}`}>
            <Link href={`/cases/${encodeURIComponent(move.caseId)}`}>{move.caseId}</Link> · {move.clock} ·{' '}
            {dateTime(move.from)} → {dateTime(move.to)}
            {move.becameFinal ? ` · ${t('calendar.becameFinal')}` : ''}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Past recomputations of open cases' deadlines (GET /v1/admin/calendar/recomputations), newest first. */
function Recomputations({ refresh }: { refresh: number }) {
  const { t, label } = useI18n();
  const runs = useLoad(async () => unwrap(await api.GET('/v1/admin/calendar/recomputations')), [refresh]);
  const columns = useMemo(
    () => [
      recomputationColumn.accessor('startedAt', {
        header: t('calendar.startedAt'),
        cell: (info) => dateTime(info.getValue()),
      }),
      recomputationColumn.accessor('calendarVersion', { header: t('calendar.versionColumn') }),
      recomputationColumn.accessor('status', {
        header: t('case.status'),
        cell: (info) => label('recomputation', info.getValue()),
      }),
      recomputationColumn.accessor((row) => `${row.done} / ${row.total}`, { id: 'done', header: t('calendar.done') }),
      recomputationColumn.accessor((row) => row.cases.changed, { id: 'changed', header: t('calendar.changed') }),
      recomputationColumn.accessor('becameFinal', { header: t('calendar.becameFinal') }),
      recomputationColumn.display({
        id: 'moves',
        header: t('calendar.movesColumn'),
        cell: (info) => <Moves recomputation={info.row.original} />,
      }),
      recomputationColumn.accessor('finishedAt', {
        header: t('calendar.finishedAt'),
        cell: (info) => dateTime(info.getValue()),
      }),
    ],
    [t, label],
  );
  return (
    <Section title={t('calendar.recomputations')}>
      <ErrorNote failure={runs.error} />
      <DataTable
        caption={t('calendar.recomputations')}
        columns={columns}
        data={runs.data ?? []}
        rowKey={(row) => row.id}
      />
    </Section>
  );
}

/** The calendar's history: every notice revision, and what each recomputation did to open cases. */
export function CalendarHistory({ refresh }: { refresh: number }) {
  return (
    <>
      <NoticeHistory refresh={refresh} />
      <Recomputations refresh={refresh} />
    </>
  );
}
