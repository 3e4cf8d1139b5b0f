import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { Section } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { useReference, type Matter, type Template } from '../../reference';
import { CalendarHistory } from './CalendarHistory';
import { CalendarYears } from './CalendarYears';
import { CatalogVersions } from './CatalogVersions';

const matterColumn = createColumnHelper<Matter>();
const templateColumn = createColumnHelper<Template>();

/**
 * 目录与日历 (admin): published catalogue versions (activate, diff, publish a new one: 422 problems listed by path),
 * the calendar years with their notices (publish a year's notice and follow the recomputation it starts), and the
 * active catalogue's templates and matters.
 */
export function Catalog() {
  const { t, label, limit } = useI18n();
  /** Notices published from this screen, and their recomputations finished: the history below loads again. */
  const [published, setPublished] = useState(0);
  const reference = useReference();
  const matterColumns = useMemo(
    () => [
      matterColumn.accessor('code', { header: t('catalog.code') }),
      matterColumn.accessor('name', { header: t('catalog.name') }),
      matterColumn.accessor('department', {
        header: t('case.department'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      matterColumn.accessor('kind', { header: t('case.kind'), cell: (info) => label('kind', info.getValue()) }),
      matterColumn.accessor((row) => row.legalLimit.value, {
        id: 'legal',
        header: t('catalog.legalLimit'),
        cell: (info) => limit(info.row.original.legalLimit),
      }),
      matterColumn.accessor((row) => row.promisedLimit.value, {
        id: 'promised',
        header: t('catalog.promisedLimit'),
        cell: (info) => limit(info.row.original.promisedLimit),
      }),
      matterColumn.accessor((row) => row.materials.length, { id: 'materials', header: t('catalog.materials') }),
    ],
    [t, label, limit, reference],
  );
  const templateColumns = useMemo(
    () => [
      templateColumn.accessor('id', { header: t('catalog.code') }),
      templateColumn.accessor('name', { header: t('catalog.name') }),
      templateColumn.accessor('leadDepartment', {
        header: t('catalog.lead'),
        cell: (info) => reference.departmentName(info.getValue()),
      }),
      templateColumn.accessor((row) => row.steps.length, { id: 'steps', header: t('catalog.steps') }),
      templateColumn.accessor((row) => row.caseLimit.value, {
        id: 'limit',
        header: t('catalog.caseLimit'),
        cell: (info) => limit(info.row.original.caseLimit),
      }),
    ],
    [t, limit, reference],
  );
  return (
    <>
      <h1>{t('nav.catalog')}</h1>
      <p className="notice-banner" role="note">
        {t('catalog.activeVersion', { version: reference.version ?? '—' })}
      </p>
      <CatalogVersions onChanged={reference.reload} />
      <CalendarYears onChanged={() => setPublished((count) => count + 1)} />
      <CalendarHistory refresh={published} />
      <Section title={t('catalog.templates')}>
        <DataTable
          caption={t('catalog.templates')}
          columns={templateColumns}
          data={reference.templates}
          rowKey={(row) => row.id}
        />
      </Section>
      <Section title={t('catalog.matters')}>
        <DataTable
          caption={t('catalog.matters')}
          columns={matterColumns}
          data={reference.matters}
          rowKey={(row) => row.code}
        />
      </Section>
    </>
  );
}
