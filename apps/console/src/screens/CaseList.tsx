import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { caseQueryFrom, caseQueryString, LISTED_STATUSES, type CaseQuery } from '../api/case-query';
import { api, unwrap, type CaseListItem, type Schemas } from '../api/client';
import { DataTable } from '../components/DataTable';
import { AnySelect, ErrorNote, Field, FieldErrors, LevelBadge, Loading, Section, StatusBadge } from '../components/ui';
import { date, dateTime, endOfLocalDay, startOfLocalDay } from '../format';
import { useLoad } from '../hooks';
import { useI18n } from '../i18n/i18n';
import { useReference } from '../reference';

const LEVELS = ['none', 'warning', 'yellow', 'red'];
type StepStatus = Schemas['StepView']['status'];
/** Every step status the API knows, in the order of a step's life; a status added to the API fails to compile here. */
const STEP_STATUSES = [
  'waiting',
  'in-review',
  'awaiting-correction',
  'referred',
  'agreed',
  'deemed-consent',
  'refused',
  'skipped',
  'cancelled',
  'exempt',
] as const satisfies readonly StepStatus[];
type Unlisted = Exclude<StepStatus, (typeof STEP_STATUSES)[number]>;
const EVERY_STATUS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
void EVERY_STATUS_LISTED;
const PAGE_SIZE = 20;

const column = createColumnHelper<CaseListItem>();

/** 办件列表: filters, pagination and sorting by deadline, all done by the API (GET /v1/cases). */
export function CaseList() {
  const { t, label } = useI18n();
  const reference = useReference();
  const search = useSearch();
  const [, navigate] = useLocation();
  const query = useMemo(() => ({ pageSize: PAGE_SIZE, ...caseQueryFrom(search) }), [search]);
  const cases = useLoad(async () => unwrap(await api.GET('/v1/cases', { params: { query } })), [search]);
  const [draft, setDraft] = useState(() => ({
    ...query,
    stepStatus: query.stepStatus?.join(','),
    receivedFrom: query.receivedFrom ? date(query.receivedFrom) : '',
    receivedTo: query.receivedTo ? date(new Date(Date.parse(query.receivedTo) - 1).toISOString()) : '',
  }));
  const go = (next: CaseQuery) => navigate(`/cases?${caseQueryString(next)}`);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    go({
      ...draft,
      stepStatus: draft.stepStatus ? (draft.stepStatus.split(',') as CaseQuery['stepStatus']) : undefined,
      receivedFrom: draft.receivedFrom ? startOfLocalDay(draft.receivedFrom) : undefined,
      receivedTo: draft.receivedTo ? endOfLocalDay(draft.receivedTo) : undefined,
      page: 1,
    });
  };
  const setValue = (key: keyof typeof draft) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value || undefined }));
  const set = (key: keyof typeof draft) => (event: { target: { value: string } }) => setValue(key)(event.target.value);
  const columns = useMemo(
    () => [
      column.accessor('caseId', {
        header: t('case.id'),
        cell: (info) => <Link href={`/cases/${encodeURIComponent(info.getValue())}`}>{info.getValue()}</Link>,
      }),
      column.accessor('templateId', {
        header: t('case.template'),
        cell: (info) => reference.templateName(info.getValue()),
      }),
      column.accessor('status', { header: t('case.status'), cell: (info) => <StatusBadge status={info.getValue()} /> }),
      column.accessor('departments', {
        header: t('case.departments'),
        cell: (info) => info.getValue().map(reference.departmentName).join('、'),
      }),
      column.accessor('deadline', { header: t('case.deadline'), cell: (info) => dateTime(info.getValue()) }),
      column.accessor('warningLevel', {
        header: t('case.level'),
        cell: (info) => <LevelBadge level={info.getValue()} />,
      }),
      column.accessor('receivedAt', { header: t('case.receivedAt'), cell: (info) => dateTime(info.getValue()) }),
    ],
    [t, reference],
  );
  const page = query.page ?? 1;
  const pages = cases.data ? Math.max(1, Math.ceil(cases.data.total / (query.pageSize ?? PAGE_SIZE))) : 1;
  const select = (key: keyof typeof draft, labelKey: Parameters<typeof t>[0], options: Array<[string, string]>) => (
    <AnySelect
      label={t(labelKey)}
      field={key}
      failure={cases.error}
      value={String(draft[key] ?? '')}
      onChange={setValue(key)}
      options={options}
    />
  );
  return (
    <>
      <h1>{t('nav.cases')}</h1>
      <Section title={t('list.filters')}>
        <form className="filters" onSubmit={apply}>
          {select(
            'status',
            'case.status',
            LISTED_STATUSES.map((status) => [status, label('status', status)]),
          )}
          {select(
            'department',
            'case.department',
            reference.departments.map((d) => [d.code, d.name]),
          )}
          {select(
            'templateId',
            'case.template',
            reference.templates.map((tpl) => [tpl.id, tpl.name]),
          )}
          {select('open', 'list.open', [
            ['true', t('list.openOnly')],
            ['false', t('list.closedOnly')],
          ])}
          {select(
            'stepStatus',
            'list.stepStatus',
            STEP_STATUSES.map((status) => [status, label('status', status)]),
          )}
          {select('overdue', 'list.overdue', [
            ['true', t('common.yes')],
            ['false', t('common.no')],
          ])}
          {select(
            'warningLevel',
            'case.level',
            LEVELS.map((level) => [level, label('level', level)]),
          )}
          <Field label={t('list.receivedFrom')} field="receivedFrom" failure={cases.error}>
            {(props) => (
              <input {...props} type="date" value={draft.receivedFrom ?? ''} onChange={set('receivedFrom')} />
            )}
          </Field>
          <Field label={t('list.receivedTo')} field="receivedTo" failure={cases.error}>
            {(props) => <input {...props} type="date" value={draft.receivedTo ?? ''} onChange={set('receivedTo')} />}
          </Field>
          {select('sort', 'list.sort', [
            ['-receivedAt', t('list.sortReceived')],
            ['deadline', t('list.sortDeadline')],
            ['-deadline', t('list.sortDeadlineLast')],
          ])}
          <div className="actions">
            <button type="submit" className="primary">
              {t('list.apply')}
            </button>
            <button
              type="button"
              onClick={() => (
                setDraft({ pageSize: PAGE_SIZE, receivedFrom: '', receivedTo: '', stepStatus: undefined }),
                go({})
              )}
            >
              {t('list.reset')}
            </button>
          </div>
        </form>
        <FieldErrors failure={cases.error} field="page" />
      </Section>
      <ErrorNote failure={cases.error} />
      <Loading when={cases.loading && !cases.data} />
      <DataTable
        caption={t('list.caption', { total: cases.data?.total ?? 0 })}
        columns={columns}
        data={cases.data?.items ?? []}
        sortable={false}
        rowKey={(row) => row.caseId}
      />
      <nav className="pager" aria-label={t('list.pages')}>
        <button type="button" disabled={page <= 1} onClick={() => go({ ...query, page: page - 1 })}>
          {t('list.previous')}
        </button>
        <span>{t('list.page', { page, pages })}</span>
        <button type="button" disabled={page >= pages} onClick={() => go({ ...query, page: page + 1 })}>
          {t('list.next')}
        </button>
      </nav>
    </>
  );
}
