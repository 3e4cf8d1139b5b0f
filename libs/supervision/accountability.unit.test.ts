import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import {
  accountabilityByDepartment,
  accountabilityStats,
  answeredOnTime,
  complaintDeadline,
  complaintOverdue,
  complaintStats,
  DEFAULT_COMPLAINT_WORKING_DAYS,
  findingProblem,
  opensAccountability,
  parseComplaintWorkingDays,
} from './accountability';

const calendar = new WorkingCalendar(chinaNationalCalendar());

describe('评议投诉: the answer limit and the figures', () => {
  it('the limit comes from configuration: whole working days from 1 to 60, refused by name otherwise', () => {
    expect(parseComplaintWorkingDays(undefined)).toBe(DEFAULT_COMPLAINT_WORKING_DAYS);
    expect(parseComplaintWorkingDays(' ')).toBe(DEFAULT_COMPLAINT_WORKING_DAYS);
    expect(parseComplaintWorkingDays('5')).toBe(5);
    for (const bad of ['0', '61', '2.5', 'ten'])
      expect(() => parseComplaintWorkingDays(bad)).toThrow(/ONEWINDOW_COMPLAINT_WORKING_DAYS .* not /);
  });

  it('is due at office close of the n-th working day, over weekends and holidays', () => {
    // filed on Wednesday 2026-09-30 at 10:00, the eve of 国庆节 (10-01 … 10-07; Saturday 10-10 is worked)
    const due = complaintDeadline(calendar, '2026-09-30T02:00:00.000Z', 3);
    // then the 3 working days are 10-08, 10-09 and the Saturday 10-10
    expect(due).toMatchObject({ at: '2026-10-10T09:30:00.000Z', workingDays: 3, provisional: false });
    expect(answeredOnTime({ deadline: due.at, answeredAt: '2026-10-10T09:30:00.000Z' })).toBe(true);
    expect(answeredOnTime({ deadline: due.at, answeredAt: '2026-10-10T09:30:01.000Z' })).toBe(false);
  });

  it('an open complaint is overdue once its deadline has passed, not at the deadline; an answered one never', () => {
    const deadline = '2026-10-10T09:30:00.000Z';
    expect(complaintOverdue({ deadline, answeredAt: null }, deadline)).toBe(false);
    expect(complaintOverdue({ deadline, answeredAt: null }, '2026-10-10T09:30:00.001Z')).toBe(true);
    expect(complaintOverdue({ deadline, answeredAt: '2026-10-12T01:00:00.000Z' }, '2026-11-01T00:00:00.000Z')).toBe(
      false,
    );
  });

  it('counts filed, open, overdue, answered late and upheld at an instant', () => {
    const complaints = [
      { deadline: '2026-10-10T09:30:00Z', answeredAt: null, finding: null },
      { deadline: '2026-12-10T09:30:00Z', answeredAt: null, finding: null },
      { deadline: '2026-10-10T09:30:00Z', answeredAt: '2026-10-12T01:00:00Z', finding: 'upheld' as const },
      { deadline: '2026-10-10T09:30:00Z', answeredAt: '2026-10-09T01:00:00Z', finding: 'not-upheld' as const },
    ];
    expect(complaintStats(complaints, '2026-11-01T00:00:00Z')).toEqual({
      filed: 4,
      open: 2,
      overdue: 1,
      answered: 2,
      answeredLate: 1,
      upheld: 1,
    });
    expect(opensAccountability('upheld')).toBe(true);
    expect(opensAccountability('not-upheld')).toBe(false);
  });
});

describe('过错责任追究: findings and the figures', () => {
  it('a finding states its reasons; 过错 also the measure taken', () => {
    expect(findingProblem({ finding: 'no-fault', reasons: '系统故障所致' })).toBeUndefined();
    expect(findingProblem({ finding: 'at-fault', reasons: '超期', measure: '诫勉谈话' })).toBeUndefined();
    expect(findingProblem({ finding: 'at-fault', reasons: '超期' })).toMatchObject({ field: 'measure' });
    expect(findingProblem({ finding: 'at-fault', reasons: '超期', measure: ' ' })).toMatchObject({ field: 'measure' });
    expect(findingProblem({ finding: 'no-fault', reasons: '' })).toMatchObject({ field: 'reasons' });
  });

  it('counts records by state, finding and source', () => {
    expect(
      accountabilityStats([
        { source: 'red-card', finding: null },
        { source: 'red-card', finding: 'at-fault' },
        { source: 'late-rectification', finding: 'no-fault' },
        { source: 'upheld-complaint', finding: 'at-fault' },
      ]),
    ).toEqual({
      opened: 4,
      open: 1,
      closed: 3,
      atFault: 2,
      noFault: 1,
      bySource: { 'red-card': 2, 'late-rectification': 1, 'upheld-complaint': 1 },
    });
  });

  it('per department and period: complaints filed in it (each department of a joint case), records opened, 过错 closed', () => {
    const counts = accountabilityByDepartment(
      [
        { departments: ['housing', 'fire'], filedAt: '2026-10-05T00:00:00Z', finding: 'upheld' },
        { departments: ['housing'], filedAt: '2026-09-05T00:00:00Z', finding: 'upheld' },
      ],
      [
        // opened before the period, found 过错 in it: the finding counts in the period
        {
          department: 'housing',
          openedAt: '2026-09-20T00:00:00Z',
          closedAt: '2026-10-02T00:00:00Z',
          finding: 'at-fault',
        },
        { department: 'fire', openedAt: '2026-10-06T00:00:00Z', closedAt: '2026-10-07T00:00:00Z', finding: 'no-fault' },
        { department: 'fire', openedAt: '2026-10-08T00:00:00Z', closedAt: null, finding: null },
        // found after the period
        { department: 'fire', openedAt: '2026-12-20T00:00:00Z', closedAt: '2027-01-07T00:00:00Z', finding: 'at-fault' },
      ],
      { from: '2026-10-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
    );
    expect(counts.get('housing')).toEqual({ complaints: 1, upheldComplaints: 1, opened: 0, atFault: 1 });
    expect(counts.get('fire')).toEqual({ complaints: 1, upheldComplaints: 1, opened: 3, atFault: 0 });
  });
});
