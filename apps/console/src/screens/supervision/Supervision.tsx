import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { api, fileNameOf, saveFile, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../components/DataTable';
import { ErrorNote, Field, LevelBadge, Loading, Section, Tile } from '../../components/ui';
import { dateTime, decimal, percent } from '../../format';
import { useAction, useLoad } from '../../hooks';
import { Charges } from './Charges';
import { Accountability } from './Accountability';
import { Evaluation } from './Evaluation';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';
import { CardsChart, DaysChart, OnTimeChart } from './Charts';
import { SupervisionFilter, type OverviewFilter } from './SupervisionFilter';

export type Overview = paths['/v1/supervision/overview']['get']['responses'][200]['content']['application/json'];
type Stats = Overview['total'];
type Warning = Overview['openWarnings'][number];
type Suspension = Overview['openSuspensions'][number];
type ExportQuery = NonNullable<paths['/v1/supervision/overview/export']['get']['parameters']['query']>;
type Reviewer = Overview['byReviewer'][string] & { id: string };
type Group = Stats & { code: string };

const warningColumn = createColumnHelper<Warning>();
const suspensionColumn = createColumnHelper<Suspension>();
const reviewerColumn = createColumnHelper<Reviewer>();
const groupColumn = createColumnHelper<Group>();

function rate(stats: Stats): number | null {
  return stats.finished ? stats.onTime / stats.finished : null;
}

/** 电子监察 (supervisor): rates, cards and days against the legal limit as charts; warnings; reviewers; exports. */
export function Supervision() {
  const { t } = useI18n();
  const reference = useReference();
  const [filter, setFilter] = useState<OverviewFilter>({});
  const overview = useLoad(
    async () => unwrap(await api.GET('/v1/supervision/overview', { params: { query: filter } })),
    [filter],
  );
  const [table, setTable] = useState<ExportQuery['table']>('departments');
  const exporting = useAction(async (format: 'csv' | 'xlsx') => {
    const query: ExportQuery = format === 'csv' ? { ...filter, format, table } : { ...filter, format };
    const answer = await api.GET('/v1/supervision/overview/export', { params: { query }, parseAs: 'blob' });
    const blob = unwrap<Blob>(answer);
    saveFile(blob, fileNameOf(answer.response, `supervision.${format}`));
  });
  const groupColumns = useCallback(
    (first: string, names: (code: string) => string) => [
      groupColumn.accessor('code', { header: first, cell: (info) => names(info.getValue()) }),
      groupColumn.accessor('received', { header: t('stats.received') }),
      groupColumn.accessor('finished', { header: t('stats.finished') }),
      groupColumn.accessor((row) => rate(row), {
        id: 'rate',
        header: t('stats.rate'),
        cell: (info) => percent(info.getValue()),
      }),
      groupColumn.accessor('overdue', { header: t('stats.overdue') }),
      groupColumn.accessor('legalOverdue', { header: t('stats.legalOverdue') }),
      groupColumn.accessor('cancelled', { header: t('stats.cancelled') }),
      groupColumn.accessor('warnings', { header: t('stats.warnings') }),
      groupColumn.accessor('yellowCards', { header: t('stats.yellowCards') }),
      groupColumn.accessor('redCards', { header: t('stats.redCards') }),
      groupColumn.accessor('averageWorkingDaysUsed', {
        header: t('stats.used'),
        cell: (info) => decimal(info.getValue()),
      }),
      groupColumn.accessor('averageLegalWorkingDays', {
        header: t('stats.legal'),
        cell: (info) => decimal(info.getValue()),
      }),
      groupColumn.accessor('compressionRatio', {
        header: t('stats.compression'),
        cell: (info) => percent(info.getValue()),
      }),
    ],
    [t],
  );
  const departmentColumns = useMemo(
    () => groupColumns(t('case.department'), reference.departmentName),
    [groupColumns, t, reference],
  );
  const matterColumns = useMemo(
    () => groupColumns(t('inbox.matter'), reference.matterName),
    [groupColumns, t, reference],
  );
  const warningColumns = useMemo(
    () => [
      warningColumn.accessor('caseId', {
        header: t('case.id'),
        cell: (info) => <Link href={`/cases/${encodeURIComponent(info.getValue())}`}>{info.getValue()}</Link>,
      }),
      warningColumn.accessor('department', {
        header: t('case.department'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      warningColumn.accessor('matterCode', {
        header: t('inbox.matter'),
        cell: (info) => reference.matterName(info.getValue()),
      }),
      warningColumn.accessor('level', {
        header: t('case.level'),
        cell: (info) => <LevelBadge level={info.getValue()} />,
      }),
      warningColumn.accessor('deadline', { header: t('step.deadline'), cell: (info) => dateTime(info.getValue()) }),
      warningColumn.accessor('remainingWorkingDays', {
        header: t('step.remaining'),
        cell: (info) => (info.getValue() === null ? '—' : t('step.days', { days: info.getValue() ?? 0 })),
      }),
      warningColumn.accessor('suspended', {
        header: t('step.held'),
        cell: (info) => (info.getValue() ? t('common.yes') : ''),
      }),
    ],
    [t, reference],
  );
  const suspensionColumns = useMemo(
    () => [
      suspensionColumn.accessor('caseId', {
        header: t('case.id'),
        cell: (info) => <Link href={`/cases/${encodeURIComponent(info.getValue())}`}>{info.getValue()}</Link>,
      }),
      suspensionColumn.accessor('department', {
        header: t('case.department'),
        cell: (info) => {
          const department = info.getValue();
          return department === null ? t('suspension.caseWide') : reference.departmentName(department);
        },
      }),
      suspensionColumn.accessor('reason', { header: t('suspension.reason') }),
      suspensionColumn.accessor('since', { header: t('suspension.since'), cell: (info) => dateTime(info.getValue()) }),
      suspensionColumn.accessor('expectedEnd', {
        header: t('suspension.expectedEnd'),
        cell: (info) => dateTime(info.getValue()),
      }),
      suspensionColumn.accessor('overrun', {
        header: t('suspension.overrun'),
        cell: (info) => (info.getValue() ? <strong>{t('common.yes')}</strong> : ''),
      }),
    ],
    [t, reference],
  );
  const reviewerColumns = useMemo(
    () => [
      reviewerColumn.accessor((row) => row.name ?? row.id, { id: 'name', header: t('stats.reviewer') }),
      reviewerColumn.accessor('department', {
        header: t('case.department'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      reviewerColumn.accessor('received', { header: t('stats.received') }),
      reviewerColumn.accessor('finished', { header: t('stats.finished') }),
      reviewerColumn.accessor('onTime', { header: t('stats.onTime') }),
      reviewerColumn.accessor('overdue', { header: t('stats.overdue') }),
    ],
    [t, reference],
  );
  const data = overview.data;
  const groups = (record: Record<string, Stats>): Group[] =>
    Object.entries(record).map(([code, stats]) => ({ code, ...stats }));
  return (
    <>
      <h1>{t('nav.supervision')}</h1>
      <Section title={t('supervision.filter')}>
        <SupervisionFilter failure={overview.error} onApply={setFilter} />
      </Section>
      <ErrorNote failure={overview.error} />
      <Loading when={overview.loading && !data} />
      {data ? (
        <>
          <Section
            title={t('supervision.total', { asOf: dateTime(data.asOf) })}
            actions={
              <div className="actions">
                <Field label={t('supervision.csvTable')}>
                  {(props) => (
                    <select {...props} value={table} onChange={(e) => setTable(e.target.value as ExportQuery['table'])}>
                      {(['departments', 'matters', 'reviewers', 'warnings', 'suspensions'] as const).map((value) => (
                        <option key={value} value={value}>
                          {t(`supervision.table.${value}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <button type="button" onClick={() => void exporting.run('csv')} disabled={exporting.running}>
                  {t('supervision.csv')}
                </button>
                <button type="button" onClick={() => void exporting.run('xlsx')} disabled={exporting.running}>
                  {t('supervision.xlsx')}
                </button>
              </div>
            }
          >
            <ErrorNote failure={exporting.failure} />
            <ul className="tiles">
              <Tile count={percent(rate(data.total))} label={t('stats.rate')} />
              <Tile count={data.total.early} label={t('stats.early')} />
              <Tile count={data.total.overdue} label={t('stats.overdue')} testId="total-overdue" />
              <Tile count={data.total.legalOverdue} label={t('stats.legalOverdue')} testId="total-legal-overdue" />
              <Tile count={data.total.cancelled} label={t('stats.cancelled')} testId="total-cancelled" />
              <Tile count={data.total.warnings} label={t('stats.warnings')} testId="total-warnings" />
              <Tile count={data.total.yellowCards} label={t('stats.yellowCards')} testId="total-yellow" />
              <Tile count={data.total.redCards} label={t('stats.redCards')} testId="total-red" />
              <Tile count={percent(data.total.compressionRatio)} label={t('stats.compressionTarget')} />
              <Tile
                count={data.total.cases.received}
                label={t('supervision.cases', {
                  finished: data.total.cases.finished,
                  overdue: data.total.cases.overdue,
                })}
                testId="cases-received"
              />
            </ul>
          </Section>
          <div className="charts">
            <OnTimeChart
              groups={data.byDepartment}
              title={t('chart.onTimeByDepartment')}
              names={reference.departmentName}
            />
            <CardsChart
              groups={data.byDepartment}
              title={t('chart.cardsByDepartment')}
              names={reference.departmentName}
            />
            <OnTimeChart groups={data.byMatter} title={t('chart.onTimeByMatter')} names={reference.matterName} />
            <DaysChart groups={data.byMatter} title={t('chart.daysByMatter')} names={reference.matterName} />
          </div>
          <Section title={t('supervision.warnings')}>
            <DataTable
              caption={t('supervision.warningsCaption', { count: data.openWarnings.length })}
              columns={warningColumns}
              data={data.openWarnings}
            />
          </Section>
          <Section title={t('supervision.suspensions')}>
            <DataTable
              caption={t('supervision.suspensionsCaption', { count: data.openSuspensions.length })}
              columns={suspensionColumns}
              data={data.openSuspensions}
              rowKey={(row) => `${row.caseId}/${row.suspensionId}`}
            />
          </Section>
          <Section title={t('supervision.reviewers')}>
            <DataTable
              caption={t('supervision.reviewers')}
              columns={reviewerColumns}
              data={Object.entries(data.byReviewer).map(([id, stats]) => ({ id, ...stats }))}
              rowKey={(row) => row.id}
            />
          </Section>
          <Section title={t('supervision.byDepartment')}>
            <DataTable
              caption={t('supervision.byDepartment')}
              columns={departmentColumns}
              data={groups(data.byDepartment)}
              rowKey={(row) => row.code}
            />
          </Section>
          <Section title={t('supervision.byMatter')}>
            <DataTable
              caption={t('supervision.byMatter')}
              columns={matterColumns}
              data={groups(data.byMatter)}
              rowKey={(row) => row.code}
            />
          </Section>
          <Charges fees={data.fees} exemptions={data.exemptions} />
          <Evaluation from={filter.from} to={filter.to} />
          <Accountability summary={data} onChanged={overview.reload} />
        </>
      ) : null}
    </>
  );
}
