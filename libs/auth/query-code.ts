import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The applicant's query code (查询码), printed on the receipt: eight characters derived from the case id with the
 * installation's secret (HMAC-SHA256), so every API process gives the same code for a case without storing one,
 * and nobody without the secret can compute another case's. The alphabet leaves out 0/O, 1/I/L and U, which are
 * misread from paper; 30⁸ ≈ 6.6 × 10¹¹ codes, against a guess limited per case and per address.
 */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8;

/** The code of a case, shown as `ABCD-EFGH`. */
export function queryCodeOf(secret: string, caseId: string): string {
  const digest = createHmac('sha256', secret).update(`query-code:${caseId}`).digest();
  let code = '';
  for (let index = 0; index < LENGTH; index += 1)
    code += QUERY_CODE_ALPHABET[digest[index] % QUERY_CODE_ALPHABET.length];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What the applicant typed, as the code is compared: capitals, without spaces or hyphens. */
export function normalizedCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

/** Whether a typed code is the expected one (compared in constant time, after normalizing both). */
export function codeMatches(expected: string, typed: string | undefined): boolean {
  if (typed === undefined) return false;
  const a = Buffer.from(normalizedCode(expected));
  const b = Buffer.from(normalizedCode(typed));
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}
