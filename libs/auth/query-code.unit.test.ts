import { codeMatches, normalizedCode, QUERY_CODE_ALPHABET, queryCodeOf } from './query-code';

describe('the applicant’s query code (查询码)', () => {
  it('is eight characters of an alphabet without look-alikes, the same for a case under the same secret', () => {
    const code = queryCodeOf('secret-a', 'CASE-1');
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    for (const character of normalizedCode(code)) expect(QUERY_CODE_ALPHABET).toContain(character);
    expect(code).not.toMatch(/[01ILOU]/);
    expect(queryCodeOf('secret-a', 'CASE-1')).toBe(code);
  });

  it('differs between cases and between installations', () => {
    const codes = new Set(Array.from({ length: 1000 }, (_, index) => queryCodeOf('secret-a', `CASE-${index}`)));
    expect(codes.size).toBe(1000);
    expect(queryCodeOf('secret-b', 'CASE-1')).not.toBe(queryCodeOf('secret-a', 'CASE-1'));
  });

  it('matches what the applicant types in any case, with or without the hyphen; nothing else', () => {
    const code = queryCodeOf('secret-a', 'CASE-1');
    expect(codeMatches(code, code.toLowerCase())).toBe(true);
    expect(codeMatches(code, normalizedCode(code))).toBe(true);
    expect(codeMatches(code, ` ${code.slice(0, 4)} ${code.slice(5)} `)).toBe(true);
    expect(codeMatches(code, undefined)).toBe(false);
    expect(codeMatches(code, '')).toBe(false);
    expect(codeMatches(code, queryCodeOf('secret-a', 'CASE-2'))).toBe(false);
    expect(codeMatches(code, `${code}X`)).toBe(false);
  });
});
