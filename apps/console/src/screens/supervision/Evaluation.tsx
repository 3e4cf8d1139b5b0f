import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { api, fileNameOf, saveFile, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { percent } from '../../format';
import { ErrorNote, Section } from '../../components/ui';
import { useAction, useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

type Row = Schemas['DepartmentEvaluation']['departments'][number];
type Review = Schemas['DemocraticReview']['quarters'][number];
type Component = keyof Row['components'];
const COMPONENTS: Component[] = ['onTime', 'speed', 'alerts', 'ratings', 'rectifications', 'accountability'];

const column = createColumnHelper<Row>();
const reviewColumn = createColumnHelper<Review>();

/**
 * 绩效评估 of the period the overview's filter names (its from and to), and 民主评议 of the year: scores, each
 * component's rate and points, and the XLSX download with both.
 */
export function Evaluation({ from, to }: { from?: string; to?: string }) {
  const { t } = useI18n();
  const reference = useReference();
  const query = useMemo(() => ({ ...(from ? { from } : {}), ...(to ? { to } : {}) }), [from, to]);
  const evaluation = useLoad(
    async () => unwrap(await api.GET('/v1/supervision/evaluation', { params: { query } })),
    [query],
  );
  const review = useLoad(async () => unwrap(await api.GET('/v1/supervision/democratic-review', {})), []);
  const download = useAction(async () => {
    const answer = await api.GET('/v1/supervision/evaluation/export', { params: { query }, parseAs: 'blob' });
    saveFile(unwrap<Blob>(answer), fileNameOf(answer.response, 'evaluation.xlsx'));
  });
  const weights = evaluation.data?.weights;
  const columns = useMemo(
    () => [
      column.accessor('rank', { header: t('evaluation.rank'), cell: (info) => info.getValue() ?? '—' }),
      column.accessor('department', {
        header: t('case.department'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      column.accessor('score', {
        header: t('evaluation.score'),
        cell: (info) => (info.getValue() === null ? '—' : String(info.getValue())),
      }),
      column.accessor('received', { header: t('stats.received') }),
      column.accessor('redCards', { header: t('stats.redCards') }),
      // (ids of their own: `ratings` is also a component's column)
      column.accessor((row) => row.ratings, {
        id: 'ratingCount',
        header: t('evaluation.ratingCount'),
        cell: (info) => `${info.getValue()}（${t('evaluation.bad', { count: info.row.original.badRatings })}）`,
      }),
      column.accessor((row) => row.complaints, {
        id: 'complaintCount',
        header: t('evaluation.complaints'),
        cell: (info) =>
          `${info.getValue()}（${t('evaluation.upheld', { count: info.row.original.upheldComplaints })}）`,
      }),
      column.accessor('atFault', { header: t('evaluation.atFault') }),
      ...COMPONENTS.map((component) =>
        column.accessor((row) => row.components[component], {
          id: component,
          header: `${t(`evaluation.${component}`)} (${weights?.[component] ?? ''})`,
          sortingFn: (a, b) =>
            (a.original.components[component].rate ?? -1) - (b.original.components[component].rate ?? -1),
          cell: (info) => {
            const score = info.getValue();
            return score.rate === null ? t('evaluation.notMeasured') : `${score.points} · ${percent(score.rate)}`;
          },
        }),
      ),
    ],
    [t, reference, weights],
  );
  const reviewColumns = useMemo(
    () => [
      reviewColumn.accessor('quarter', { header: t('evaluation.quarter') }),
      reviewColumn.accessor('department', {
        header: t('case.department'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      reviewColumn.accessor('ratings', { header: t('evaluation.ratings') }),
      reviewColumn.accessor('satisfaction', {
        header: t('evaluation.satisfaction'),
        cell: (info) => percent(info.getValue()),
      }),
      reviewColumn.accessor('average', { header: t('evaluation.average'), cell: (info) => info.getValue() ?? '—' }),
    ],
    [t, reference],
  );
  return (
    <>
      <Section
        title={t('evaluation.title')}
        actions={
          <button type="button" onClick={() => void download.run()} disabled={download.running}>
            {t('evaluation.download')}
          </button>
        }
      >
        <ErrorNote failure={evaluation.error ?? download.failure} />
        <p className="muted">{t('evaluation.method')}</p>
        <DataTable
          caption={t('evaluation.caption')}
          columns={columns}
          data={evaluation.data?.departments ?? []}
          rowKey={(row) => row.department}
        />
      </Section>
      <Section title={t('evaluation.review', { year: review.data?.year ?? '' })}>
        <ErrorNote failure={review.error} />
        <DataTable
          caption={t('evaluation.reviewCaption')}
          columns={reviewColumns}
          data={review.data?.quarters ?? []}
          rowKey={(row) => `${row.quarter}/${row.department}`}
        />
      </Section>
    </>
  );
}
