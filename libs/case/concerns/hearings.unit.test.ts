import { agree, context, dept, fire, local, submitted2, types, window } from '../testing/scenario';
import { spec } from '../testing/spec';

/** A construction permit accepted Monday 2026-03-02 whose department tells the parties of their right on Tuesday. */
function notified() {
  const scenario = submitted2([], context('construction-permit'));
  scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
  scenario.when(local('2026-03-03 10:00'), dept('housing'), {
    type: 'NotifyHearingRight',
    stepId: 'construction-permit',
  });
  return scenario;
}

const request = { type: 'RequestHearing', stepId: 'construction-permit', requestedBy: '申请人' } as const;

describe('hearings (听证, Arts. 47-48)', () => {
  it('Art. 47: a hearing is requested within 5 working days of the notice; later the right has lapsed', () => {
    const scenario = notified();
    // 5 working days after Tuesday 03-03: Tuesday 03-10.
    expect(scenario.step('construction-permit').hearing).toMatchObject({ requestBy: local('2026-03-10 17:30') });
    scenario.rejects(
      local('2026-03-03 11:00'),
      dept('housing'),
      { type: 'NotifyHearingRight', stepId: 'construction-permit' },
      'hearing-already-notified',
    );
    expect(types(fire(scenario, local('2026-03-10 17:30')))).toContain('HearingRequestLapsed');
    expect(scenario.step('construction-permit').hearing?.lapsedAt).toBe(local('2026-03-10 17:30'));
    scenario.rejects(local('2026-03-11 10:00'), window, request, 'hearing-request-late');
  });

  it('Art. 48: the parties are told at least 7 days before; the hearing is held within 20 working days of the request', () => {
    const scenario = notified();
    scenario.when(local('2026-03-04 10:00'), window, request);
    // Held by: 20 working days after Wednesday 03-04 → Wednesday 04-01.
    expect(scenario.step('construction-permit').hearing).toMatchObject({ holdBy: local('2026-04-01 17:30') });
    const schedule = (scheduledFor: string) =>
      ({
        type: 'ScheduleHearing',
        stepId: 'construction-permit',
        scheduledFor,
        place: '政务服务中心三楼听证室',
      }) as const;
    // Thursday 03-12 is only 6 working days after the notice; Thursday 04-02 is past the 20 days.
    expect(
      scenario.rejects(
        local('2026-03-04 15:00'),
        dept('housing'),
        schedule(local('2026-03-12 09:30')),
        'hearing-notice-too-short',
      ).field,
    ).toBe('scheduledFor');
    scenario.rejects(
      local('2026-03-04 15:00'),
      dept('housing'),
      schedule(local('2026-04-02 09:30')),
      'hearing-too-late',
    );
    scenario.rejects(local('2026-03-04 15:00'), window, schedule(local('2026-03-16 09:30')), 'wrong-department');
    scenario.when(local('2026-03-04 15:00'), dept('housing'), schedule(local('2026-03-16 09:30')));
    expect(scenario.step('construction-permit').hearing).toMatchObject({ scheduledFor: local('2026-03-16 09:30') });
  });

  it('Art. 48: a scheduled hearing is postponed later, with its reason, told 7 days before, within the 20', () => {
    // given a hearing requested Wednesday 03-04 (held by 04-01) and scheduled for Monday 03-16
    const scenario = notified();
    scenario.when(local('2026-03-04 10:00'), window, request);
    const requested = [...scenario.events];
    scenario.when(local('2026-03-04 15:00'), dept('housing'), {
      type: 'ScheduleHearing',
      stepId: 'construction-permit',
      scheduledFor: local('2026-03-16 09:30'),
      place: '政务服务中心三楼听证室',
    });
    const postpone = (scheduledFor: string, place?: string) =>
      ({
        type: 'PostponeHearing',
        stepId: 'construction-permit',
        scheduledFor,
        reason: '申请人因故请求延期',
        ...(place ? { place } : {}),
      }) as const;
    const housing = dept('housing');
    const { given } = spec(scenario.ctx);
    const scheduled = given(scenario.events);
    const tuesday = local('2026-03-10 10:00');
    // then nothing to postpone before it is scheduled; not earlier; not by the window
    given(requested)
      .when(tuesday, housing, postpone(local('2026-03-19 09:30')))
      .thenRejects('hearing-not-scheduled');
    scheduled
      .when(tuesday, housing, postpone(local('2026-03-13 09:30')))
      .thenRejects('hearing-not-postponed', 'scheduledFor');
    scheduled.when(tuesday, window, postpone(local('2026-03-19 09:30'))).thenRejects('wrong-department');
    // the parties are told at least 7 working days before the new time (Tue 03-10 → Wed 03-18 is 6), held by 04-01
    scheduled
      .when(tuesday, housing, postpone(local('2026-03-18 09:30')))
      .thenRejects('hearing-notice-too-short', 'scheduledFor');
    scheduled
      .when(tuesday, housing, postpone(local('2026-04-02 09:30')))
      .thenRejects('hearing-too-late', 'scheduledFor');
    // when it is moved to Thursday 03-19, in the same room unless another is named
    const moved = scheduled.when(tuesday, housing, postpone(local('2026-03-19 09:30'))).then([
      {
        type: 'HearingPostponed',
        stepId: 'construction-permit',
        from: local('2026-03-16 09:30'),
        scheduledFor: local('2026-03-19 09:30'),
        place: '政务服务中心三楼听证室',
        reason: '申请人因故请求延期',
      },
    ]);
    expect(moved.state.steps['construction-permit'].hearing).toMatchObject({
      scheduledFor: local('2026-03-19 09:30'),
    });
    // then it is not held on the old day, it is on the new one, and a held hearing is not postponed
    const after = given(moved.events);
    after
      .when(local('2026-03-16 10:00'), housing, { type: 'HoldHearing', stepId: 'construction-permit', record: '笔录' })
      .thenRejects('hearing-not-yet');
    const held = after
      .when(local('2026-03-19 11:00'), housing, { type: 'HoldHearing', stepId: 'construction-permit', record: '笔录' })
      .then([{ type: 'HearingHeld' }, { type: 'ClockResumed' }]);
    given(held.events)
      .when(local('2026-03-19 12:00'), housing, postpone(local('2026-03-30 09:30')))
      .thenRejects('hearing-already-held');
  });

  it('Art. 45: the hearing’s time is excluded from the step’s clock, and the step is decided after the hearing', () => {
    const scenario = notified();
    scenario.when(local('2026-03-04 10:00'), window, request);
    expect(scenario.clock('step:construction-permit').suspendedSince).toBe(local('2026-03-04 10:00'));
    scenario.when(local('2026-03-04 15:00'), dept('housing'), {
      type: 'ScheduleHearing',
      stepId: 'construction-permit',
      scheduledFor: local('2026-03-16 09:30'),
      place: '听证室',
    });
    scenario.rejects(local('2026-03-05 10:00'), dept('housing'), agree('construction-permit'), 'hearing-pending');
    const hold = {
      type: 'HoldHearing',
      stepId: 'construction-permit',
      record: '听证笔录：申请人、利害关系人陈述意见',
    } as const;
    scenario.rejects(local('2026-03-13 10:00'), dept('housing'), hold, 'hearing-not-yet');
    const held = scenario.when(local('2026-03-16 15:00'), dept('housing'), hold);
    expect(types(held)).toEqual(['HearingHeld', 'ClockResumed']);
    // 03-04 … 03-16 excluded (8 working days): 3 + 8 working days from Monday 03-02 → Tuesday 03-17.
    expect(scenario.clock('step:construction-permit')).toMatchObject({
      suspendedDays: 8,
      deadline: local('2026-03-17 17:30'),
    });
    expect(scenario.clock('hearing:construction-permit').stoppedAt).toBe(local('2026-03-16 15:00'));
    scenario.when(local('2026-03-17 10:00'), dept('housing'), agree('construction-permit'));
    expect(scenario.step('construction-permit').status).toBe('agreed');
  });
});
