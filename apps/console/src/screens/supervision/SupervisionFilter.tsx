import { useState, type FormEvent } from 'react';
import type { paths } from '../../api/schema';
import { AnySelect, Field } from '../../components/ui';
import { endOfLocalDay, startOfLocalDay } from '../../format';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

/** What `GET /v1/supervision/overview` counts (and its export): a period of receipt or finish, a department, a matter. */
export type OverviewFilter = NonNullable<paths['/v1/supervision/overview']['get']['parameters']['query']>;

interface Draft {
  period: 'received' | 'finished';
  from: string;
  to: string;
  department: string;
  matter: string;
}

const EMPTY: Draft = { period: 'received', from: '', to: '', department: '', matter: '' };

/** The draft as the API's query: local days to instants (to is exclusive: the day after the last one). */
function queryOf(draft: Draft): OverviewFilter {
  return {
    period: draft.period,
    ...(draft.from ? { from: startOfLocalDay(draft.from) } : {}),
    ...(draft.to ? { to: endOfLocalDay(draft.to) } : {}),
    ...(draft.department ? { department: draft.department } : {}),
    ...(draft.matter ? { matter: draft.matter } : {}),
  };
}

/** The overview's filter form; the API judges the values (a reversed range is refused, named on `to`). */
export function SupervisionFilter({
  failure,
  onApply,
}: {
  failure: unknown;
  onApply: (query: OverviewFilter) => void;
}) {
  const { t } = useI18n();
  const reference = useReference();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const setValue = (key: keyof Draft) => (value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => setValue(key)(event.target.value);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onApply(queryOf(draft));
  };
  return (
    <form className="filters" onSubmit={apply}>
      <Field label={t('supervision.period')} field="period" failure={failure}>
        {(props) => (
          <select {...props} value={draft.period} onChange={set('period')}>
            <option value="received">{t('supervision.period.received')}</option>
            <option value="finished">{t('supervision.period.finished')}</option>
          </select>
        )}
      </Field>
      <Field label={t('supervision.from')} field="from" failure={failure}>
        {(props) => <input {...props} type="date" value={draft.from} onChange={set('from')} />}
      </Field>
      <Field label={t('supervision.to')} field="to" failure={failure}>
        {(props) => <input {...props} type="date" value={draft.to} onChange={set('to')} />}
      </Field>
      <AnySelect
        label={t('case.department')}
        field="department"
        failure={failure}
        value={draft.department}
        onChange={setValue('department')}
        options={reference.departments.map((department) => [department.code, department.name])}
      />
      <AnySelect
        label={t('inbox.matter')}
        field="matter"
        failure={failure}
        value={draft.matter}
        onChange={setValue('matter')}
        options={reference.matters.map((matter) => [matter.code, matter.name])}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t('list.apply')}
        </button>
        <button type="button" onClick={() => (setDraft(EMPTY), onApply({}))}>
          {t('list.reset')}
        </button>
      </div>
    </form>
  );
}
