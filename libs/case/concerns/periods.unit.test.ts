import { chinaNationalCalendar, WorkingCalendar } from '@onewindow/calendar';
import { acceptedAt, calendar, context, dept, local, submitted2, suspend, window } from '../testing/scenario';
import { nextWakeUp } from './alarms';
import { caseView } from '../view';

describe('legal clocks in working days', () => {
  it('Art. 45: a suspension adds exactly the working days it lasted; several add up', () => {
    const scenario = acceptedAt();
    const original = scenario.clock('step:eia-approval').deadline; // 2026-03-16
    scenario.when(local('2026-03-03 10:00'), dept('ecology'), suspend('eia-approval', 5));
    expect(scenario.clock('step:eia-approval').suspendedSince).toBe(local('2026-03-03 10:00'));
    scenario.rejects(local('2026-03-03 11:00'), dept('ecology'), suspend('eia-approval', 5), 'already-suspended');
    // Suspended Tue 03-03 → resumed Fri 03-06: Wed, Thu, Fri excluded (3).
    scenario.when(local('2026-03-06 10:00'), dept('ecology'), { type: 'ResumeClock', stepId: 'eia-approval' });
    expect(scenario.clock('step:eia-approval')).toMatchObject({
      suspendedDays: 3,
      deadline: local('2026-03-19 17:30'),
    });
    expect(original).toBe(local('2026-03-16 17:30'));
    // Second suspension Mon 03-09 → Wed 03-11: 2 more.
    scenario.when(local('2026-03-09 10:00'), dept('ecology'), suspend('eia-approval', 2));
    scenario.when(local('2026-03-11 10:00'), dept('ecology'), { type: 'ResumeClock', stepId: 'eia-approval' });
    expect(scenario.clock('step:eia-approval')).toMatchObject({
      suspendedDays: 5,
      deadline: local('2026-03-23 17:30'),
    });
    expect(scenario.state.suspensions.map((s) => s.excludedDays)).toEqual([3, 2]);
  });

  it('Art. 45: a suspended clock raises no alarm; suspension of the whole case stops every running clock', () => {
    const scenario = acceptedAt();
    scenario.when(local('2026-03-03 10:00'), window, suspend(undefined, 10));
    const running = Object.entries(scenario.state.clocks).filter(
      ([, clock]) => !clock.stoppedAt && !clock.suspendedSince,
    );
    expect(running).toEqual([]);
    expect(nextWakeUp(scenario.state)).toBeUndefined();
    scenario.when(local('2026-03-10 10:00'), window, { type: 'ResumeClock' });
    expect(scenario.clock('case').suspendedDays).toBe(5);
    expect(scenario.clock('step:design-scheme-review').suspendedDays).toBe(5);
  });

  it('a matter that allows no suspension refuses it', () => {
    const scenario = acceptedAt(
      '2026-03-02 10:00',
      context('land-and-start', (c) => {
        c.matters.find((m) => m.code === 'eia-report-form-approval')!.suspensionAllowed = false;
      }),
    );
    scenario.rejects(local('2026-03-03 10:00'), dept('ecology'), suspend('eia-approval', 3), 'suspension-not-allowed');
  });

  it('Art. 42 ¶1: one extension of 10 working days with the head’s approval; a second is refused', () => {
    const scenario = acceptedAt();
    scenario.rejects(
      local('2026-03-05 10:00'),
      dept('ecology'),
      { type: 'GrantExtension', stepId: 'eia-approval', reason: '复杂', approvedBy: '' },
      'approval-required',
    );
    scenario.when(local('2026-03-05 10:00'), dept('ecology'), {
      type: 'GrantExtension',
      stepId: 'eia-approval',
      reason: '项目涉及饮用水源，需补充论证',
      approvedBy: '局长 王某',
    });
    // 10 + 10 working days from Monday 03-02 → Monday 03-30.
    expect(scenario.clock('step:eia-approval').deadline).toBe(local('2026-03-30 17:30'));
    scenario.rejects(
      local('2026-03-06 10:00'),
      dept('ecology'),
      { type: 'GrantExtension', stepId: 'eia-approval', reason: 'again', approvedBy: '局长' },
      'extension-already-granted',
    );
  });

  it('Art. 42 ¶1: an extension asked for after the deadline is recorded as such and the step stays overdue', () => {
    const scenario = acceptedAt();
    scenario.tick(local('2026-03-17 09:00'));
    const events = scenario.when(local('2026-03-17 10:00'), dept('ecology'), {
      type: 'GrantExtension',
      stepId: 'eia-approval',
      reason: '逾期后申请延期',
      approvedBy: '局长',
    });
    expect(events[0]).toMatchObject({ type: 'ExtensionGranted', afterDeadline: true });
    const step = caseView(scenario.state, local('2026-03-17 11:00'), calendar).steps.find(
      (s) => s.stepId === 'eia-approval',
    )!;
    expect(step.clock).toMatchObject({ warningLevel: 'yellow', overdue: true, deadline: local('2026-03-30 17:30') });
  });

  it('Art. 42 ¶2: the joint limit is 45 working days, extendable once by 15', () => {
    const scenario = acceptedAt();
    // From Monday 03-02: 21 working days in March, Apr 1–3 (24), 清明 Apr 4–6 off, Apr 7–30 (42), 劳动节 May 1–5
    // off, May 6, 7, 8 (45) → Friday 2026-05-08.
    expect(scenario.clock('case').deadline).toBe(local('2026-05-08 17:30'));
    scenario.when(local('2026-03-05 10:00'), window, {
      type: 'GrantExtension',
      reason: '联合审批事项复杂',
      approvedBy: '区长',
    });
    expect(scenario.clock('case').extensionDays).toBe(15);
    scenario.rejects(
      local('2026-03-06 10:00'),
      window,
      { type: 'GrantExtension', reason: 'x', approvedBy: 'y' },
      'extension-already-granted',
    );
  });

  it('a deadline in a year with no published notice is provisional, and firm once the calendar is updated', () => {
    const scenario = acceptedAt('2026-12-21 10:00');
    // The 45-day joint clock reaches into 2027, whose notice is not loaded.
    expect(scenario.clock('case').provisional).toBe(true);
    expect(caseView(scenario.state, local('2026-12-21 11:00'), calendar).deadlineProvisional).toBe(true);
    const before = scenario.clock('case').deadline;
    const base = chinaNationalCalendar();
    const with2027 = new WorkingCalendar({
      ...base,
      version: `${base.version}+2027`,
      publishedYears: [...base.publishedYears, 2027],
      days: [
        ...base.days,
        { date: '2027-01-01', kind: 'holiday', name: '元旦', source: 'test notice 2027' },
        ...['2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({
          date,
          kind: 'holiday' as const,
          name: '春节',
          source: 'test notice 2027',
        })),
      ],
    });
    scenario.ctx = { ...scenario.ctx, calendar: with2027 };
    const events = scenario.when(local('2027-01-04 10:00'), window, { type: 'RecomputeDeadlines' });
    expect(events[0]).toMatchObject({ type: 'DeadlinesRecomputed', calendarVersion: with2027.version });
    expect(scenario.clock('case').provisional).toBe(false);
    // The six weekday holidays now known push the deadline six working days later.
    expect(Date.parse(scenario.clock('case').deadline)).toBeGreaterThan(Date.parse(before));
    expect(with2027.workingDaysBetween(before, scenario.clock('case').deadline)).toBe(6);
  });
});

describe('limits as the law counts them (rules 2)', () => {
  const extend = (stepId?: string) =>
    ({
      type: 'GrantExtension',
      ...(stepId ? { stepId } : {}),
      reason: '情况复杂，书面告知申请人',
      approvedBy: '局长 王某',
    }) as const;

  it('Art. 42 ¶1: the one extension (+10 working days) extends the legal limit beside the promised one', () => {
    const scenario = submitted2([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    // Promised 3 working days (Thursday 03-05), legal 7 (Wednesday 03-11).
    expect(scenario.clock('step:construction-permit')).toMatchObject({
      deadline: local('2026-03-05 17:30'),
      legal: { deadline: local('2026-03-11 17:30') },
    });
    scenario.when(local('2026-03-04 10:00'), dept('housing'), extend('construction-permit'));
    expect(scenario.clock('step:construction-permit')).toMatchObject({
      deadline: local('2026-03-19 17:30'),
      legal: { deadline: local('2026-03-25 17:30') },
    });
    scenario.rejects(
      local('2026-03-05 10:00'),
      dept('housing'),
      extend('construction-permit'),
      'extension-already-granted',
    );
  });

  it('民法典 Art. 203: a calendar-day limit ending in a holiday ends on the next working day; the extension counts in its own unit', () => {
    // EIA report form: promised 10 working days, legal 30 calendar days. From Friday 2026-09-04: day 30 is Sunday
    // 10-04 inside 国庆 (10-01…07 off), so the legal limit ends Thursday 10-08.
    const scenario = submitted2([], context(), local('2026-09-04 09:00'));
    scenario.when(local('2026-09-04 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    expect(scenario.clock('step:eia-approval')).toMatchObject({
      deadline: local('2026-09-18 17:30'),
      legal: { unit: 'calendar-days', deadline: local('2026-10-08 17:30') },
    });
    scenario.when(local('2026-09-10 10:00'), dept('ecology'), extend('eia-approval'));
    // +10 working days after each: 09-20 (Sunday, worked) … 09-24, 09-28 … 09-30 (中秋 09-25 off), 10-08, 10-09 for the
    // promised; 10-09, 10-10 (Saturday, worked) … 10-21 for the legal.
    expect(scenario.clock('step:eia-approval')).toMatchObject({
      deadline: local('2026-10-09 17:30'),
      legal: { deadline: local('2026-10-21 17:30') },
    });
  });

  it('Art. 42 ¶2: the joint extension and a case-wide suspension are the lead department’s, not the window’s', () => {
    const scenario = submitted2([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    scenario.rejects(local('2026-03-03 10:00'), window, suspend(undefined, 3), 'wrong-department');
    scenario.rejects(local('2026-03-03 10:00'), dept('fire'), suspend(undefined, 3), 'wrong-department');
    scenario.when(local('2026-03-03 10:00'), dept('housing'), suspend(undefined, 3));
    expect(scenario.state.suspensions).toHaveLength(1);
  });
});
