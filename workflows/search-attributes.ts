import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  caseDeadlineSearchAttribute,
  caseDepartmentsSearchAttribute,
  caseOverdueSearchAttribute,
  caseStatusSearchAttribute,
  caseTemplateSearchAttribute,
  caseWarningLevelSearchAttribute,
} from '@onewindow/contract';
import type { CaseIndex } from '@onewindow/case';

/** The case's search attributes (CaseStatus, CaseDeadline, …) for `upsertSearchAttributes`. */
export function caseSearchAttributeUpdates(templateId: string, index: CaseIndex): SearchAttributeUpdatePair[] {
  return [
    { key: caseStatusSearchAttribute, value: index.status },
    { key: caseTemplateSearchAttribute, value: templateId },
    { key: caseDepartmentsSearchAttribute, value: index.departments },
    { key: caseDeadlineSearchAttribute, value: index.deadline ? new Date(index.deadline) : null },
    { key: caseOverdueSearchAttribute, value: index.overdue },
    { key: caseWarningLevelSearchAttribute, value: index.warningLevel },
  ];
}
