import { FORBIDDEN, rejectionStatus, UNPROCESSABLE } from './rejections';

describe('rejectionStatus: the HTTP status of a refused command', () => {
  it('answers 403 when the caller may not act, whatever the state', () => {
    expect(rejectionStatus('wrong-department')).toBe(403);
    expect(rejectionStatus('forbidden-role')).toBe(403);
  });

  it('answers 422 when the request does not fit the case', () => {
    expect(rejectionStatus('unknown-step')).toBe(422);
    expect(rejectionStatus('reasons-required')).toBe(422);
  });

  it('answers 409 when the request comes at the wrong time, and for codes it does not know', () => {
    expect(rejectionStatus('case-closed')).toBe(409);
    expect(rejectionStatus('opinion-already-given')).toBe(409);
    expect(rejectionStatus('something-new')).toBe(409);
  });

  it('never puts one code in two classes', () => {
    for (const code of FORBIDDEN) expect(UNPROCESSABLE.has(code)).toBe(false);
  });
});
