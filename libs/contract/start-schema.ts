import { z } from 'zod';
import { applicant, code, document, instant, project } from './schemas';
import { CASE_ID_PATTERN } from './workflow';

/** `POST /v1/cases`: the start request as integrators send it (the actor comes from the API key). */
export const startCaseSchema = z.strictObject({
  caseId: z
    .string()
    .regex(CASE_ID_PATTERN, '1-64 letters, digits, dot, dash or underscore, starting with a letter or digit')
    .optional()
    .describe('办件编号; assigned when absent'),
  templateId: code.describe('a template of the active catalogue, e.g. land-and-start'),
  applicant,
  project,
  documents: z.array(document).max(500).describe('the materials received, by catalogue material code'),
  landContractSigned: z.boolean().optional().describe('the land contract is already signed (no pre-review phase)'),
  receivedAt: instant.optional().describe('when the materials were received; defaults to now'),
});

export type StartCaseRequest = z.infer<typeof startCaseSchema>;
