import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../components/DataTable';
import { ErrorNote } from '../../components/ui';
import { dateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

export type TimelineEntry =
  paths['/v1/cases/{caseId}/timeline']['get']['responses'][200]['content']['application/json'][number];

const WORDS = ['reason', 'reasons', 'note', 'legalBasis', 'approvedBy', 'contractNumber', 'record', 'place'] as const;

/** The words an event carries (reasons, notes, legal basis …) and the items it names, for the timeline. */
export function eventDetails(event: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of WORDS) if (typeof event[key] === 'string' && event[key]) parts.push(String(event[key]));
  for (const key of ['stepId', 'materialCode', 'opinion', 'decision', 'level']) {
    if (typeof event[key] === 'string') parts.push(`${key}: ${String(event[key])}`);
  }
  const items = event.missing ?? event.documents ?? event.items;
  if (Array.isArray(items)) {
    const codes = items.map((item: unknown) =>
      typeof item === 'object' && item !== null && 'materialCode' in item ? String(item.materialCode) : String(item),
    );
    parts.push(codes.join(', '));
  }
  return parts.join(' · ');
}

const column = createColumnHelper<TimelineEntry>();

/** The case timeline from the event log: who, when, what, reasons (GET …/timeline). */
export function Timeline({ caseId, entries }: { caseId: string; entries?: TimelineEntry[] }) {
  const { t, label } = useI18n();
  const reference = useReference();
  const loaded = useLoad(
    async () => entries ?? unwrap(await api.GET('/v1/cases/{caseId}/timeline', { params: { path: { caseId } } })),
    [caseId, entries],
  );
  const columns = useMemo(
    () => [
      column.accessor('sequence', { header: '#' }),
      column.accessor('occurredAt', { header: t('timeline.when'), cell: (info) => dateTime(info.getValue()) }),
      column.accessor('type', { header: t('timeline.what'), cell: (info) => label('event', info.getValue()) }),
      column.accessor('actor', {
        header: t('timeline.who'),
        cell: (info) => {
          const actor = info.getValue();
          const { actorName } = info.row.original;
          const role = label('role', actor.role.split(':')[0]);
          const department = actor.department ? ` · ${reference.departmentName(actor.department)}` : '';
          // The key's name, and its id (what the audit log records) for anyone tracing it.
          const who = actor.role === 'system' ? '' : ` · ${actorName ?? actor.id} (${actor.id})`;
          return `${role}${department}${who}`;
        },
      }),
      column.accessor('event', {
        header: t('timeline.details'),
        enableSorting: false,
        cell: (info) => eventDetails(info.getValue()),
      }),
    ],
    [t, label, reference],
  );
  return (
    <>
      <ErrorNote failure={loaded.error} />
      <DataTable
        caption={t('timeline.caption')}
        columns={columns}
        data={loaded.data ?? []}
        rowKey={(row) => String(row.sequence)}
      />
    </>
  );
}
