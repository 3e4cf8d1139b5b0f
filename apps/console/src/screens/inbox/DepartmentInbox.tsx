import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { api, unwrap, type CaseView, type StepView } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { ErrorNote, LevelBadge, Loading, Section, StatusBadge } from '../../components/ui';
import { dateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';
import { useMe } from '../../session';
import { loadCase } from '../case/CaseDetail';
import { OpinionForm } from './OpinionForm';

export interface InboxRow {
  view: CaseView;
  step: StepView;
}

/** The steps that wait for the department: to be reviewed, for the applicant's correction, for the upper level. */
const OPEN = ['in-review', 'awaiting-correction', 'referred'] as const;
const OPEN_SET: ReadonlySet<string> = new Set(OPEN);
const PAGE = 200;
/** Case views fetched at once. */
const AT_ONCE = 8;

/** The ids of every case with a step of the department that waits for it (all pages). */
async function inboxCaseIds(department: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const query = { department, stepStatus: [...OPEN], sort: 'deadline' as const, page, pageSize: PAGE };
    const list = unwrap(await api.GET('/v1/cases', { params: { query } }));
    ids.push(...list.items.map((item) => item.caseId));
    if (page * PAGE >= list.total) return ids;
  }
}

/** My department's open steps, nearest deadline first (undated last). */
async function loadInbox(department: string): Promise<InboxRow[]> {
  const ids = await inboxCaseIds(department);
  const views: CaseView[] = [];
  for (let from = 0; from < ids.length; from += AT_ONCE) {
    views.push(...(await Promise.all(ids.slice(from, from + AT_ONCE).map(loadCase))));
  }
  const rows = views.flatMap((view) =>
    view.steps
      .filter((step) => step.department === department && OPEN_SET.has(step.status))
      .map((step) => ({ view, step })),
  );
  const due = (row: InboxRow) => (row.step.clock ? Date.parse(row.step.clock.deadline) : Number.POSITIVE_INFINITY);
  return rows.sort((a, b) => due(a) - due(b));
}

const column = createColumnHelper<InboxRow>();

/** 部门待办 (department key): the department's steps in review, and the opinion form for the one chosen. */
export function DepartmentInbox() {
  const { t } = useI18n();
  const me = useMe();
  const reference = useReference();
  const department = me.department ?? '';
  const inbox = useLoad(() => loadInbox(department), [department]);
  const [chosen, setChosen] = useState<{ caseId: string; stepId: string }>();
  const selected = inbox.data?.find((row) => row.view.caseId === chosen?.caseId && row.step.stepId === chosen?.stepId);
  const columns = useMemo(
    () => [
      column.accessor((row) => row.view.caseId, {
        id: 'case',
        header: t('case.id'),
        cell: (info) => <Link href={`/cases/${encodeURIComponent(info.getValue())}`}>{info.getValue()}</Link>,
      }),
      column.accessor((row) => row.view.project.name, { id: 'project', header: t('case.project') }),
      column.accessor((row) => reference.matterName(row.step.matterCode), { id: 'matter', header: t('inbox.matter') }),
      column.accessor((row) => row.step.status, {
        id: 'status',
        header: t('case.status'),
        cell: (info) => <StatusBadge status={info.getValue()} />,
      }),
      column.accessor((row) => row.step.clock?.deadline ?? '', {
        id: 'deadline',
        header: t('step.deadline'),
        cell: (info) => dateTime(info.getValue() || undefined),
      }),
      column.accessor((row) => row.step.clock?.remainingWorkingDays ?? null, {
        id: 'remaining',
        header: t('step.remaining'),
        cell: (info) => (info.getValue() === null ? '—' : t('step.days', { days: info.getValue() ?? 0 })),
      }),
      column.accessor((row) => row.step.clock?.warningLevel ?? 'none', {
        id: 'level',
        header: t('case.level'),
        cell: (info) => <LevelBadge level={info.getValue()} />,
      }),
      column.display({
        id: 'act',
        header: t('inbox.act'),
        cell: (info) => (
          <button
            type="button"
            onClick={() => setChosen({ caseId: info.row.original.view.caseId, stepId: info.row.original.step.stepId })}
          >
            {t('inbox.handle')}
          </button>
        ),
      }),
    ],
    [t, reference],
  );
  return (
    <>
      <h1>
        {t('nav.inbox')} · {reference.departmentName(department)}
      </h1>
      <ErrorNote failure={inbox.error} />
      <Loading when={inbox.loading && !inbox.data} />
      <DataTable
        caption={t('inbox.caption', { count: inbox.data?.length ?? 0 })}
        columns={columns}
        data={inbox.data ?? []}
        rowKey={(row) => `${row.view.caseId}/${row.step.stepId}`}
      />
      {selected ? (
        <Section
          title={t('inbox.formTitle', {
            caseId: selected.view.caseId,
            matter: reference.matterName(selected.step.matterCode),
          })}
        >
          <OpinionForm
            key={`${selected.view.caseId}/${selected.step.stepId}`}
            row={selected}
            onDone={() => {
              setChosen(undefined);
              inbox.reload();
            }}
          />
        </Section>
      ) : null}
    </>
  );
}
