import { defineSearchAttributeKey } from '@temporalio/common';

/** Search attributes that keep a case findable in Temporal and its Web UI (registered by the local stack). */
export const caseStatusSearchAttribute = defineSearchAttributeKey('CaseStatus', 'KEYWORD');
export const caseTemplateSearchAttribute = defineSearchAttributeKey('CaseTemplate', 'KEYWORD');
export const caseDepartmentsSearchAttribute = defineSearchAttributeKey('CaseDepartments', 'KEYWORD_LIST');
export const caseDeadlineSearchAttribute = defineSearchAttributeKey('CaseDeadline', 'DATETIME');
export const caseOverdueSearchAttribute = defineSearchAttributeKey('CaseOverdue', 'BOOL');
export const caseWarningLevelSearchAttribute = defineSearchAttributeKey('CaseWarningLevel', 'KEYWORD');

export const caseSearchAttributes = [
  caseStatusSearchAttribute,
  caseTemplateSearchAttribute,
  caseDepartmentsSearchAttribute,
  caseDeadlineSearchAttribute,
  caseOverdueSearchAttribute,
  caseWarningLevelSearchAttribute,
] as const;

/** `--search-attribute` values for `temporal server start-dev` (CLI type names). */
export function devServerSearchAttributeArgs(): string[] {
  const cliType: Record<string, string> = {
    KEYWORD: 'Keyword',
    KEYWORD_LIST: 'KeywordList',
    DATETIME: 'Datetime',
    BOOL: 'Bool',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
  };
  return caseSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}
