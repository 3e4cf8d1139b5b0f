import { fields } from '@onewindow/case/schemas';

/**
 * The building blocks of the API's own schemas (start request, answers, query parameters): the kernel's fields, so
 * one field has one rule everywhere (a material code is the same pattern in a start body, a supplement and an event).
 */
export { COMMAND_ID_PATTERN, INSTANT_RULE, isInstant, caseFields, type CaseFields } from '@onewindow/case';

export const { text, code, document, commandId, actor, instant, applicant, project } = fields;
