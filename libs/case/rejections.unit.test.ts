import { acceptanceRejections } from './concerns/acceptance';
import { closingRejections } from './concerns/closing';
import { documentRejections } from './concerns/documents';
import { hearingRejections } from './concerns/hearings';
import { issuanceRejections } from './concerns/issuance';
import { opinionRejections } from './concerns/opinions';
import { periodRejections } from './concerns/periods';
import { stepRejections } from './concerns/steps';
import { submissionRejections } from './concerns/submission';
import { REJECTION_CLASSES } from './base';
import { isRejectionCode, rejectionClass, REJECTIONS } from './kernel';

describe('rejection classes: who (403), what (422), when (409)', () => {
  const modules = {
    submissionRejections,
    acceptanceRejections,
    documentRejections,
    stepRejections,
    opinionRejections,
    periodRejections,
    hearingRejections,
    issuanceRejections,
    closingRejections,
  };

  it('a caller acting for another department is refused as forbidden, whatever the state of the case', () => {
    expect(rejectionClass('wrong-department')).toBe('forbidden');
    expect(rejectionClass('forbidden-role')).toBe('forbidden');
  });

  it('a request that does not fit the case is unprocessable; one that comes at the wrong time is a conflict', () => {
    expect(rejectionClass('unknown-step')).toBe('unprocessable');
    expect(rejectionClass('reasons-required')).toBe('unprocessable');
    expect(rejectionClass('case-closed')).toBe('conflict');
    expect(rejectionClass('opinion-already-given')).toBe('conflict');
  });

  it('each code is declared by exactly one module, so no code can sit in two classes', () => {
    const owners = new Map<string, string[]>();
    for (const [name, map] of Object.entries(modules)) {
      for (const code of Object.keys(map)) owners.set(code, [...(owners.get(code) ?? []), name]);
    }
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it('every class in the table is one of the three, and unknown codes are recognised as unknown', () => {
    for (const value of Object.values(REJECTIONS)) expect(REJECTION_CLASSES).toContain(value);
    expect(isRejectionCode('case-closed')).toBe(true);
    expect(isRejectionCode('something-new')).toBe(false);
    expect(isRejectionCode('toString')).toBe(false);
  });
});
