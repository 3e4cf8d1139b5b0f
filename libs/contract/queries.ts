import { defineQuery } from '@temporalio/workflow';
import type { CaseView } from '@onewindow/case';
import type { RecordedEvent } from './projection';

export const caseStateQuery = defineQuery<CaseView, [{ asOf?: string }?]>('case-state');
/** The events of the current run (after a continue-as-new, the earlier ones are in the audit log). */
export const caseEventsQuery = defineQuery<RecordedEvent[]>('case-events');
export const caseDeadlinesQuery =
  defineQuery<Array<{ key: string; deadline: string; provisional: boolean; stoppedAt?: string; suspended: boolean }>>(
    'case-deadlines',
  );
export const missingDocumentsQuery = defineQuery<CaseView['missingDocuments']>('missing-documents');

export const QUERY_NAMES = ['case-state', 'case-events', 'case-deadlines', 'missing-documents'] as const;
