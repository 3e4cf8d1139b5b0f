import { useState, type FormEvent } from 'react';
import { api, fileNameOf, saveFile, unwrap } from '../../api/client';
import { LISTED_STATUSES } from '../../api/case-query';
import type { paths } from '../../api/schema';
import { AnySelect, ErrorNote, Field, Section } from '../../components/ui';
import { endOfLocalDay, startOfLocalDay } from '../../format';
import { useAction } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

type ArchiveQuery = NonNullable<paths['/v1/audit/archive']['get']['parameters']['query']>;

/** Many cases at once (by filter) as one zip archive: GET /v1/audit/archive. */
export function Archive() {
  const { t, label } = useI18n();
  const reference = useReference();
  const [filter, setFilter] = useState({ status: '', templateId: '', department: '', from: '', to: '', limit: '200' });
  const [saved, setSaved] = useState<string>();
  const archive = useAction(async () => {
    const query: ArchiveQuery = {
      ...(filter.status ? { status: filter.status as ArchiveQuery['status'] } : {}),
      ...(filter.templateId ? { templateId: filter.templateId } : {}),
      ...(filter.department ? { department: filter.department } : {}),
      ...(filter.from ? { receivedFrom: startOfLocalDay(filter.from) } : {}),
      ...(filter.to ? { receivedTo: endOfLocalDay(filter.to) } : {}),
      limit: Number(filter.limit),
    };
    const answer = await api.GET('/v1/audit/archive', { params: { query }, parseAs: 'blob' });
    const name = fileNameOf(answer.response, 'onewindow-archive.zip');
    saveFile(unwrap<Blob>(answer), name);
    setSaved(name);
  });
  const set = (key: keyof typeof filter) => (value: string) => setFilter((current) => ({ ...current, [key]: value }));
  const fromInput = (key: keyof typeof filter) => (event: { target: { value: string } }) =>
    set(key)(event.target.value);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void archive.run();
  };
  return (
    <Section title={t('archive.title')}>
      <form className="filters" onSubmit={submit}>
        <AnySelect
          label={t('case.status')}
          field="status"
          failure={archive.failure}
          value={filter.status}
          onChange={set('status')}
          options={LISTED_STATUSES.map((status) => [status, label('status', status)])}
        />
        <AnySelect
          label={t('case.template')}
          field="templateId"
          failure={archive.failure}
          value={filter.templateId}
          onChange={set('templateId')}
          options={reference.templates.map((template) => [template.id, template.name])}
        />
        <AnySelect
          label={t('case.department')}
          field="department"
          failure={archive.failure}
          value={filter.department}
          onChange={set('department')}
          options={reference.departments.map((department) => [department.code, department.name])}
        />
        <Field label={t('list.receivedFrom')} field="receivedFrom" failure={archive.failure}>
          {(props) => <input {...props} type="date" value={filter.from} onChange={fromInput('from')} />}
        </Field>
        <Field label={t('list.receivedTo')} field="receivedTo" failure={archive.failure}>
          {(props) => <input {...props} type="date" value={filter.to} onChange={fromInput('to')} />}
        </Field>
        <Field label={t('archive.limit')} field="limit" failure={archive.failure}>
          {(props) => (
            <input {...props} type="number" min={1} max={1000} value={filter.limit} onChange={fromInput('limit')} />
          )}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={archive.running}>
            {t('archive.download')}
          </button>
        </div>
      </form>
      <ErrorNote failure={archive.failure} />
      {saved ? (
        <p className="success" role="status">
          {t('archive.saved', { name: saved })}
        </p>
      ) : null}
    </Section>
  );
}
