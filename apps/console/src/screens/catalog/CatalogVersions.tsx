import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { ApiFailure, api, unwrap, type Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../components/DataTable';
import { ErrorNote, Field, Section } from '../../components/ui';
import { dateTime } from '../../format';
import { useAction, useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';

type Version = Schemas['CatalogVersion'];
type Diff = Schemas['CatalogDiff'];
type CatalogueFile = paths['/v1/admin/catalog/versions']['post']['requestBody']['content']['application/json'];

const column = createColumnHelper<Version>();

/** Every problem of a refused catalogue, `{path, rule, message}` as the API names them. */
function Problems({ failure }: { failure: unknown }) {
  const { t } = useI18n();
  if (!(failure instanceof ApiFailure) || failure.problems.length === 0) return null;
  return (
    <div role="alert" className="field-errors">
      <p>{t('catalog.problems', { count: failure.problems.length })}</p>
      <ul data-testid="catalogue-problems">
        {failure.problems.map((problem, index) => (
          <li key={index}>
            <code>{problem.field}</code> · <code>{problem.rule}</code> · {problem.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Published catalogue versions: which is active, activating another, the diff of two, publishing a new one. */
export function CatalogVersions({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const versions = useLoad(async () => unwrap(await api.GET('/v1/catalog/versions')), []);
  const [diff, setDiff] = useState<Diff>();
  const [text, setText] = useState('');
  const [invalidJson, setInvalidJson] = useState<string>();
  const activate = useAction(async (version: string) => {
    unwrap(await api.POST('/v1/admin/catalog/versions/{version}/activate', { params: { path: { version } } }));
    versions.reload();
    onChanged();
  });
  const compare = useAction(async (from: string, to: string) => {
    setDiff(unwrap(await api.GET('/v1/catalog/versions/{from}/diff/{to}', { params: { path: { from, to } } })));
  });
  const publish = useAction(async (file: CatalogueFile) => {
    unwrap(await api.POST('/v1/admin/catalog/versions', { body: file }));
    setText('');
    versions.reload();
  });
  const active = versions.data?.active;
  const columns = useMemo(
    () => [
      column.accessor('version', { header: t('catalog.version') }),
      column.accessor('active', {
        header: t('catalog.state'),
        cell: (info) => (info.getValue() ? <span className="badge level-none">{t('catalog.active')}</span> : '—'),
      }),
      column.accessor('publishedAt', { header: t('catalog.publishedAt'), cell: (info) => dateTime(info.getValue()) }),
      column.accessor('publishedBy', { header: t('catalog.publishedBy') }),
      column.accessor((row) => row.counts.matters, {
        id: 'counts',
        header: t('catalog.counts'),
        cell: (info) =>
          t('catalog.countsValue', {
            departments: info.row.original.counts.departments,
            matters: info.row.original.counts.matters,
            templates: info.row.original.counts.templates,
          }),
      }),
      column.accessor('digest', { header: 'SHA-256', cell: (info) => <code>{info.getValue().slice(0, 12)}</code> }),
      column.display({
        id: 'actions',
        header: t('inbox.act'),
        cell: (info) => {
          const version = info.row.original.version;
          return (
            <div className="actions">
              {active && active !== version ? (
                <button type="button" onClick={() => void compare.run(active, version)}>
                  {t('catalog.diff', { version: active })}
                </button>
              ) : null}
              {info.row.original.active ? null : (
                <button type="button" onClick={() => void activate.run(version)}>
                  {t('catalog.activate')}
                </button>
              )}
            </div>
          );
        },
      }),
    ],
    [t, active, activate, compare],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setInvalidJson(undefined);
    let file: CatalogueFile;
    try {
      // The API judges the content (422 with every {path, rule, message}); here only that it is JSON.
      file = JSON.parse(text) as CatalogueFile;
    } catch (error) {
      setInvalidJson(error instanceof Error ? error.message : String(error));
      return;
    }
    void publish.run(file);
  };
  return (
    <Section title={t('catalog.versions')}>
      <ErrorNote failure={versions.error ?? activate.failure ?? compare.failure} />
      <DataTable
        caption={t('catalog.versions')}
        columns={columns}
        data={versions.data?.versions ?? []}
        rowKey={(row) => row.version}
      />
      {diff ? (
        <div className="panel" data-testid="catalogue-diff">
          <h3>{t('catalog.diffTitle', { from: diff.from, to: diff.to })}</h3>
          <p>
            {t('catalog.added')}: {diff.added.join('、') || '—'} · {t('catalog.removed')}:{' '}
            {diff.removed.join('、') || '—'}
          </p>
          <ul className="plain">
            {diff.changed.map((change) => (
              <li key={change.path}>
                <code>{change.path}</code>: {JSON.stringify(change.from)} → {JSON.stringify(change.to)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form onSubmit={submit}>
        <Field label={t('catalog.publishLabel')} hint={t('catalog.publishHint')}>
          {(props) => (
            <textarea
              {...props}
              className="code"
              rows={8}
              value={text}
              onChange={(event) => setText(event.target.value)}
              required
            />
          )}
        </Field>
        {invalidJson ? (
          <p className="field-errors" role="alert">
            {t('catalog.invalidJson', { reason: invalidJson })}
          </p>
        ) : null}
        <Problems failure={publish.failure} />
        <ErrorNote failure={publish.failure} />
        <div className="actions">
          <button type="submit" className="primary" disabled={publish.running}>
            {t('catalog.publish')}
          </button>
        </div>
      </form>
    </Section>
  );
}
