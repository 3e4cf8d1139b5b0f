import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../components/DataTable';
import { ErrorNote, Field, FieldErrors, Section } from '../../components/ui';
import { dateTime } from '../../format';
import { useAction, useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

type Year = Schemas['CalendarYears']['years'][number];
type Recomputation = Schemas['CalendarRecomputation'];
type Notice = paths['/v1/admin/calendar/notices']['post']['requestBody']['content']['application/json'];

const column = createColumnHelper<Year>();

/** The recomputation a notice started, read again every second until it is done. */
function Progress({ id, onFinished }: { id: string; onFinished?: () => void }) {
  const { t, label } = useI18n();
  const [state, setState] = useState<Recomputation>();
  const [failure, setFailure] = useState<unknown>();
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const next = unwrap(await api.GET('/v1/admin/calendar/recomputations/{id}', { params: { path: { id } } }));
        if (stopped) return;
        setState(next);
        if (next.status === 'running') setTimeout(() => void poll(), 1000);
        else onFinished?.();
      } catch (error) {
        if (!stopped) setFailure(error);
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one poll per recomputation, whoever listens
  }, [id]);
  return (
    <div role="status" data-testid="recomputation">
      <ErrorNote failure={failure} />
      {state ? (
        <>
          <p>
            {t('calendar.recomputation', {
              status: label('recomputation', state.status),
              done: state.done,
              total: state.total,
            })}
          </p>
          <progress max={Math.max(state.total, 1)} value={state.done} aria-label={t('calendar.progress')} />
          <p>
            {t('calendar.recomputed', {
              changed: state.cases.changed,
              moved: state.deadlinesMoved,
              final: state.becameFinal,
            })}
          </p>
        </>
      ) : null}
    </div>
  );
}

const EMPTY: Notice = {
  region: 'CN',
  year: new Date().getFullYear() + 1,
  title: '',
  documentNumber: '',
  issuedOn: '',
  holidays: [],
  workdays: [],
};

/** One year's holiday notice: its holidays (from … to) and adjusted working days, published as a new revision. */
function NoticeForm({ onPublished }: { onPublished: (id: string | undefined) => void }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<Notice>(EMPTY);
  const publish = useAction(async () => {
    const answer = unwrap(await api.POST('/v1/admin/calendar/notices', { body: notice }));
    onPublished(answer.recomputation?.id);
  });
  const set = <K extends keyof Notice>(key: K, value: Notice[K]) =>
    setNotice((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void publish.run();
  };
  const text = (
    key: 'region' | 'title' | 'documentNumber' | 'issuedOn',
    labelKey: Parameters<typeof t>[0],
    type = 'text',
  ) => (
    <Field label={t(labelKey)} field={key} failure={publish.failure}>
      {(props) => (
        <input {...props} type={type} value={notice[key]} onChange={(event) => set(key, event.target.value)} />
      )}
    </Field>
  );
  return (
    <form onSubmit={submit}>
      <div className="grid">
        {text('region', 'calendar.region')}
        <Field label={t('calendar.year')} field="year" failure={publish.failure}>
          {(props) => (
            <input
              {...props}
              type="number"
              value={notice.year}
              onChange={(event) => set('year', Number(event.target.value))}
            />
          )}
        </Field>
        {text('title', 'calendar.title')}
        {text('documentNumber', 'calendar.documentNumber')}
        {text('issuedOn', 'calendar.issuedOn', 'date')}
      </div>
      <fieldset>
        <legend>{t('calendar.holidays')}</legend>
        {notice.holidays.map((holiday, index) => (
          <div className="grid" key={index}>
            {(['name', 'from', 'to'] as const).map((key) => (
              <Field
                key={key}
                label={t(`calendar.holiday.${key}`, { n: index + 1 })}
                field={`holidays.${index}.${key}`}
                failure={publish.failure}
              >
                {(props) => (
                  <input
                    {...props}
                    type={key === 'name' ? 'text' : 'date'}
                    value={holiday[key]}
                    onChange={(event) =>
                      set(
                        'holidays',
                        notice.holidays.map((item, i) => (i === index ? { ...item, [key]: event.target.value } : item)),
                      )
                    }
                  />
                )}
              </Field>
            ))}
          </div>
        ))}
        <button type="button" onClick={() => set('holidays', [...notice.holidays, { name: '', from: '', to: '' }])}>
          {t('calendar.addHoliday')}
        </button>
        <FieldErrors failure={publish.failure} field="holidays" />
      </fieldset>
      <fieldset>
        <legend>{t('calendar.workdays')}</legend>
        {notice.workdays.map((workday, index) => (
          <div className="grid" key={index}>
            {(['name', 'date'] as const).map((key) => (
              <Field
                key={key}
                label={t(`calendar.workday.${key}`, { n: index + 1 })}
                field={`workdays.${index}.${key}`}
                failure={publish.failure}
              >
                {(props) => (
                  <input
                    {...props}
                    type={key === 'name' ? 'text' : 'date'}
                    value={workday[key]}
                    onChange={(event) =>
                      set(
                        'workdays',
                        notice.workdays.map((item, i) => (i === index ? { ...item, [key]: event.target.value } : item)),
                      )
                    }
                  />
                )}
              </Field>
            ))}
          </div>
        ))}
        <button type="button" onClick={() => set('workdays', [...notice.workdays, { name: '', date: '' }])}>
          {t('calendar.addWorkday')}
        </button>
        <FieldErrors failure={publish.failure} field="workdays" />
      </fieldset>
      <ErrorNote failure={publish.failure} />
      <div className="actions">
        <button type="submit" className="primary" disabled={publish.running}>
          {t('calendar.publish')}
        </button>
      </div>
    </form>
  );
}

/** Calendar years with their notices (region, revision, source), and publishing a year's notice. */
export function CalendarYears({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const years = useLoad(async () => unwrap(await api.GET('/v1/calendar/years')), []);
  const [recomputation, setRecomputation] = useState<string>();
  const columns = useMemo(
    () => [
      column.accessor('region', { header: t('calendar.region') }),
      column.accessor('year', { header: t('calendar.year') }),
      column.accessor('revision', {
        header: t('calendar.revision'),
        cell: (info) => `${info.getValue()} / ${info.row.original.revisions}`,
      }),
      column.accessor('source', { header: t('calendar.source') }),
      column.accessor('holidays', { header: t('calendar.holidayDays') }),
      column.accessor('workdays', { header: t('calendar.workdayDays') }),
      column.accessor('publishedAt', { header: t('catalog.publishedAt'), cell: (info) => dateTime(info.getValue()) }),
      column.accessor('applies', {
        header: t('calendar.applies'),
        cell: (info) => t(info.getValue() ? 'common.yes' : 'common.no'),
      }),
    ],
    [t],
  );
  return (
    <Section title={t('calendar.years')}>
      <ErrorNote failure={years.error} />
      {years.data ? (
        <p className="muted">
          {t('calendar.version', { version: years.data.calendarVersion })} ·{' '}
          {t('calendar.officeHours', {
            hours: years.data.officeHours.map((slot) => `${slot.start}–${slot.end}`).join('，'),
          })}
        </p>
      ) : null}
      <DataTable
        caption={t('calendar.years')}
        columns={columns}
        data={years.data?.years ?? []}
        rowKey={(row) => `${row.region}-${row.year}`}
      />
      <h3>{t('calendar.publishTitle')}</h3>
      <NoticeForm
        onPublished={(id) => {
          setRecomputation(id);
          years.reload();
          onChanged?.();
        }}
      />
      {recomputation ? <Progress id={recomputation} onFinished={onChanged} /> : null}
    </Section>
  );
}
