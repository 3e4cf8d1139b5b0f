import { CATALOG_RULES, E_LICENCE_RULES } from '@onewindow/catalog';
import { REJECTIONS } from '@onewindow/case';
import { enCodes } from './src/i18n/en-codes';
import { zhCodes } from './src/i18n/zh-codes';

/** The codes the API itself answers with (besides the decider's rejections and zod's rules). */
const API_CODES = [
  'unauthenticated',
  'forbidden-role',
  'validation-failed',
  'case-starting',
  'case-continuing',
  'case-not-found',
  'case-exists',
  'not-found',
  'rate-limited',
  'dependency-unavailable',
  'history-not-replayable',
  'archive-too-large',
  'catalog-invalid',
  'catalog-version-exists',
  'catalog-version-not-found',
  'notice-invalid',
  'project-not-found',
  'recomputation-not-found',
  'rating-from-applicant-side',
  'case-not-finished',
  'already-rated',
  'rectification-not-found',
  'rectification-not-yours',
  'already-completed',
  'complaint-from-applicant-side',
  'complaint-not-found',
  'already-answered',
  'accountability-not-found',
  'already-closed',
  'own-conduct',
  'too-many-attempts',
  'finding-by-supervisor',
  'licence-number-taken',
];

/** The rules a holiday notice is checked by (libs/calendar/notice.ts) and the catalogue file's own. */
const PUBLISHING_RULES = [
  'date',
  'date-once',
  'inside-year',
  'workday-on-weekend',
  'to-not-before-from',
  'issued-before-year-end',
  'required',
  'unknown-field',
];

/** A refusal is shown in the console's words in either language, never only as the engine's English message. */
describe('the console’s names of refusals', () => {
  const codes = [...Object.keys(REJECTIONS), ...CATALOG_RULES, ...API_CODES, ...PUBLISHING_RULES, ...E_LICENCE_RULES];

  it.each([
    ['Chinese', zhCodes],
    ['English', enCodes],
  ])('cover every rejection code, catalogue and notice rule and API error code in %s', (_language, catalogue) => {
    // given every code the engine, the publishing rules and the API answer with
    // when the catalogue is looked up for each, then none is missing
    const missing = codes.filter((code) => !(`refusal.${code}` in catalogue));
    expect(missing).toEqual([]);
  });
});
