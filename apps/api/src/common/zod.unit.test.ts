import { z } from 'zod';
import { instant, startCaseSchema } from '@onewindow/contract/http';
import { replayBodySchema } from '../audit/audit.schemas';
import { listCasesQuerySchema } from '../cases/cases.schemas';
import { ApiError } from './api-error';
import { openApiSchema, queryBoolean, queryInteger, ZodValidationPipe } from './zod';

/** The problems a pipe refuses `value` with, or the value it lets through. */
function attempt(schema: z.ZodType, value: unknown, code?: string) {
  const pipe = new ZodValidationPipe(
    schema,
    code ? (problems) => new ApiError(422, code, 'refused', problems) : undefined,
  );
  try {
    return { ok: true, value: pipe.transform(value) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, status: error.status, code: error.code, message: error.message, details: error.details };
  }
}

const startBody = {
  templateId: 'land-and-start',
  applicant: { name: '某某置业有限公司', creditCode: '91310000MA1FL0000X' },
  project: { name: '临港某产业园一期' },
  documents: [{ materialCode: 'project-filing-form' }],
};

describe('ZodValidationPipe: 422 validation-failed naming each field and rule', () => {
  it('passes a valid body through, converted as the schema says', () => {
    expect(attempt(startCaseSchema, { ...startBody, project: { name: '  项目  ' } })).toMatchObject({
      ok: true,
      value: { project: { name: '项目' } },
    });
  });

  it('an unknown field, a missing one and an empty one are each named', () => {
    const refused = attempt(startCaseSchema, { ...startBody, applicant: { name: '' }, extra: 1 });
    expect(refused).toMatchObject({ ok: false, status: 422, code: 'validation-failed' });
    expect(refused.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'applicant.name', rule: 'too_small' }),
        expect.objectContaining({ field: 'applicant.creditCode', rule: 'invalid_type' }),
        expect.objectContaining({ field: 'extra', rule: 'unrecognized_keys' }),
      ]),
    );
    expect(refused.message).toContain('applicant.name: ');
  });

  it('null never leaves out an optional field', () => {
    const refused = attempt(startCaseSchema, {
      ...startBody,
      caseId: null,
      receivedAt: null,
      landContractSigned: null,
    });
    expect((refused.details as Array<{ field: string }>).map((problem) => problem.field).sort()).toEqual([
      'caseId',
      'landContractSigned',
      'receivedAt',
    ]);
  });

  it('a refinement names its own rule: instants say isInstant, an uploaded history isObject', () => {
    expect(attempt(startCaseSchema, { ...startBody, receivedAt: '2026-W10-1' }).details).toEqual([
      expect.objectContaining({ field: 'receivedAt', rule: 'isInstant' }),
    ]);
    expect(attempt(replayBodySchema, { caseId: 'C-1', history: null }).details).toEqual([
      expect.objectContaining({ field: 'history', rule: 'isObject' }),
    ]);
    expect(attempt(replayBodySchema, { caseId: 'C-1' })).toEqual({ ok: true, value: { caseId: 'C-1' } });
  });

  it('a missing body is named (body)', () => {
    expect(attempt(startCaseSchema, undefined).details).toEqual([
      expect.objectContaining({ field: '(body)', rule: 'invalid_type' }),
    ]);
  });

  it('a route may answer with its own code', () => {
    expect(attempt(z.object({ asOf: instant.optional() }), { asOf: '0' }, 'invalid-instant')).toMatchObject({
      code: 'invalid-instant',
      details: [expect.objectContaining({ field: 'asOf', rule: 'isInstant' })],
    });
  });
});

describe('query strings', () => {
  const days = z.strictObject({ workingDays: queryInteger(0, 1000) });

  it.each(['', '1e2', '0x10', ' 1', '1.5', '99999999999999999'])('%j is not a whole number', (workingDays) => {
    expect(attempt(days, { workingDays })).toMatchObject({
      ok: false,
      details: [expect.objectContaining({ field: 'workingDays' })],
    });
  });

  it('decimal digits are, within the bounds', () => {
    expect(attempt(days, { workingDays: '10' })).toEqual({ ok: true, value: { workingDays: 10 } });
    expect(attempt(days, { workingDays: '-1' }).details).toEqual([
      expect.objectContaining({ field: 'workingDays', rule: 'too_small' }),
    ]);
  });

  it('booleans are true or false, nothing else', () => {
    const flag = z.strictObject({ overdue: queryBoolean.optional() });
    expect(attempt(flag, { overdue: 'true' })).toEqual({ ok: true, value: { overdue: true } });
    expect(attempt(flag, { overdue: 'false' })).toEqual({ ok: true, value: { overdue: false } });
    for (const overdue of ['1', 'yes', 'TRUE', '']) expect(attempt(flag, { overdue }).ok).toBe(false);
  });

  it('the case list: defaults for absent pages, an unknown parameter refused', () => {
    expect(attempt(listCasesQuerySchema, {})).toEqual({
      ok: true,
      value: { page: 1, pageSize: 20, sort: '-receivedAt' },
    });
    expect(
      (attempt(listCasesQuerySchema, { page: '', pageSize: '1e1', sort: 'x' }).details as Array<{ field: string }>)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(['page', 'pageSize', 'sort']);
  });

  it('documents a query integer as an integer with its bounds, and its default in the output form', () => {
    expect(openApiSchema(listCasesQuerySchema, 'input').properties?.page).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 100000,
    });
    expect(openApiSchema(listCasesQuerySchema, 'output').properties?.page).toMatchObject({ default: 1 });
  });
});
