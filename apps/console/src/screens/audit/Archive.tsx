import { useState, type FormEvent } from 'react';
import { api, fileNameOf, saveFile, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ErrorNote, Field, Section } from '../../components/ui';
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
  const set = (key: keyof typeof filter) => (event: { target: { value: string } }) =>
    setFilter((current) => ({ ...current, [key]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void archive.run();
  };
  return (
    <Section title={t('archive.title')}>
      <form className="filters" onSubmit={submit}>
        <Field label={t('case.status')} field="status" failure={archive.failure}>
          {(props) => (
            <select {...props} value={filter.status} onChange={set('status')}>
              <option value="">{t('common.any')}</option>
              {['in-review', 'completed', 'refused', 'returned', 'terminated', 'withdrawn', 'revoked'].map((status) => (
                <option key={status} value={status}>
                  {label('status', status)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('case.template')} field="templateId" failure={archive.failure}>
          {(props) => (
            <select {...props} value={filter.templateId} onChange={set('templateId')}>
              <option value="">{t('common.any')}</option>
              {reference.templates.map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('case.department')} field="department" failure={archive.failure}>
          {(props) => (
            <select {...props} value={filter.department} onChange={set('department')}>
              <option value="">{t('common.any')}</option>
              {reference.departments.map((department) => (
                <option key={department.code} value={department.code}>
                  {department.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('list.receivedFrom')} field="receivedFrom" failure={archive.failure}>
          {(props) => <input {...props} type="date" value={filter.from} onChange={set('from')} />}
        </Field>
        <Field label={t('list.receivedTo')} field="receivedTo" failure={archive.failure}>
          {(props) => <input {...props} type="date" value={filter.to} onChange={set('to')} />}
        </Field>
        <Field label={t('archive.limit')} field="limit" failure={archive.failure}>
          {(props) => (
            <input {...props} type="number" min={1} max={1000} value={filter.limit} onChange={set('limit')} />
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
