import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import type { Schemas } from '../../api/client';
import type { paths } from '../../api/schema';
import { DataTable } from '../../components/DataTable';
import { ErrorNote } from '../../components/ui';
import { dateTime } from '../../format';
import { useLoad } from '../../hooks';
import { useI18n } from '../../i18n/i18n';
import { useReference } from '../../reference';

export type TimelineEntry =
  paths['/v1/cases/{caseId}/timeline']['get']['responses'][200]['content']['application/json'][number];

type CaseEvent = Schemas['CaseEvent'];
type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;
type Part = string | false | undefined;

const codes = (items: ReadonlyArray<{ materialCode: string }>) => items.map((item) => item.materialCode).join(', ');
const step = (stepId: string | undefined) => stepId !== undefined && `stepId: ${stepId}`;

/**
 * What the timeline shows of each event, typed by the API's own event union (OpenAPI `CaseEvent`): the compiler
 * checks every field named here. An event left out shows its step, when it has one.
 */
const DETAILS: { [T in CaseEvent['type']]?: (event: EventOf<T>) => Part[] } = {
  CaseSubmitted: (event) => [codes(event.documents)],
  MissingMaterialsNotified: (event) => [`notice ${event.noticeNumber}`, codes(event.items)],
  SecondNoticeFlagged: (event) => [`notice ${event.noticeNumber}`],
  CaseAccepted: (event) => [`mode: ${event.mode}`, event.missing.length > 0 && codes(event.missing)],
  CaseReturned: (event) => [event.reason, event.legalBasis],
  LandContractSigned: (event) => [event.contractNumber],
  CaseFormallyAccepted: (event) => [event.contractNumber],
  DocumentsSupplemented: (event) => [codes(event.documents)],
  StepsCancelled: (event) => [event.reason, event.stepIds.join(', ')],
  OpinionRecorded: (event) => [event.reasons, step(event.stepId), `opinion: ${event.opinion}`],
  StepDeemedConsented: (event) => [step(event.stepId), `rule: ${event.rule}`],
  StepEscalated: (event) => [step(event.stepId), `rule: ${event.rule}`],
  CaseRefused: (event) => [event.reasons, step(event.stepId)],
  JointReviewHeld: (event) => [event.note, event.absent.length > 0 && `absent: ${event.absent.join(', ')}`],
  StepUrged: (event) => [event.note, step(event.stepId)],
  ClockSuspended: (event) => [event.note, step(event.stepId), `reason: ${event.reason}`],
  ExtensionGranted: (event) => [event.reason, event.approvedBy, step(event.stepId)],
  HearingRightNotified: (event) => [event.note, step(event.stepId)],
  HearingRequested: (event) => [event.requestedBy, step(event.stepId)],
  HearingScheduled: (event) => [event.place, step(event.stepId)],
  HearingPostponed: (event) => [event.reason, event.place, step(event.stepId)],
  HearingHeld: (event) => [event.record, step(event.stepId)],
  AlertRaised: (event) => [`level: ${event.level}`, event.key],
  SupplementDeadlineMissed: (event) => [event.materialCodes.join(', ')],
  DecisionWithheld: (event) => [event.materialCodes.join(', ')],
  CaseTerminated: (event) => [event.reason],
  CommitmentVerified: (event) => [event.note, `materialCode: ${event.materialCode}`, `result: ${event.result}`],
  CaseWithdrawn: (event) => [event.reason],
  CaseHandedOver: (event) => [event.reason, `${event.from.name ?? event.from.id} → ${event.to.name} (${event.to.id})`],
};

/** The words an event carries (reasons, notes, legal basis …) and the items it names, for the timeline. */
export function eventDetails(event: CaseEvent): string {
  const details = DETAILS[event.type] as ((event: CaseEvent) => Part[]) | undefined;
  const parts = details ? details(event) : ['stepId' in event ? step(event.stepId) : undefined];
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' · ');
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
