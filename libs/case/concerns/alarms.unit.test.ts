import { acceptedAt, calendar, context, fire, local, submitted2, types, window } from '../testing/scenario';
import { nextWakeUp } from './alarms';
import { caseView } from '../view';

describe('legal clocks in working days', () => {
  it('电子监察: warning one working day before, yellow card at the deadline, red card 5 working days after', () => {
    const scenario = acceptedAt();
    // design-scheme-review: due Monday 03-09 17:30; warning from office close Thursday 03-05; red Monday 03-16.
    const clock = scenario.clock('step:design-scheme-review');
    expect(clock.warningAt).toBe(local('2026-03-05 17:30'));
    expect(clock.redAt).toBe(local('2026-03-16 17:30'));
    const warning = scenario.tick(local('2026-03-05 17:31'));
    expect(warning).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'AlertRaised', key: 'step:design-scheme-review', level: 'warning' }),
      ]),
    );
    const due = scenario.tick(local('2026-03-09 17:31'));
    expect(types(due)).toEqual(expect.arrayContaining(['AlertRaised', 'StepEscalated']));
    expect(scenario.step('design-scheme-review').escalated).toBe(true);
    const red = scenario.tick(local('2026-03-16 17:31'));
    expect(red).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'step:design-scheme-review', level: 'red' })]),
    );
    // Each alarm fires once.
    expect(
      scenario
        .tick(local('2026-03-16 18:00'))
        .filter((e) => e.type === 'AlertRaised' && e.key === 'step:design-scheme-review'),
    ).toEqual([]);
    expect(caseView(scenario.state, local('2026-03-16 18:00'), calendar).warningLevel).toBe('red');
  });

  it('超时默认: a department that does not answer by its deadline is deemed to consent, where the matter says so', () => {
    const ctx = context('land-and-start', (c) => {
      c.matters.find((m) => m.code === 'design-scheme-review')!.timeoutRule = 'deemed-consent';
    });
    const scenario = acceptedAt('2026-03-02 10:00', ctx);
    const events = scenario.tick(local('2026-03-09 17:31'));
    expect(types(events)).toEqual(expect.arrayContaining(['StepDeemedConsented', 'StepStarted']));
    expect(scenario.step('design-scheme-review')).toMatchObject({ status: 'deemed-consent', deemedBy: 'timeout' });
    // The overrun counts even though it ended in consent.
    expect(caseView(scenario.state, local('2026-03-10 10:00'), calendar).steps[2].clock!.overdue).toBe(true);
  });

  it('nextWakeUp is the earliest pending alarm, and CheckClocks before it changes nothing', () => {
    const scenario = acceptedAt();
    const wake = nextWakeUp(scenario.state)!;
    expect(wake).toBe(local('2026-03-05 17:30'));
    expect(scenario.tick(new Date(Date.parse(wake) - 1000).toISOString())).toEqual([]);
    expect(scenario.tick(wake).length).toBeGreaterThan(0);
    expect(Date.parse(nextWakeUp(scenario.state)!)).toBeGreaterThan(Date.parse(wake));
  });
});

describe('alarms under the rules of 2026-12 (rules 2)', () => {
  const permitCase = () => {
    const scenario = submitted2([], context('construction-permit'));
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    return scenario;
  };

  it('timer events carry the instant they were due as their legal time, and when the timer fired separately', () => {
    const scenario = permitCase();
    // The worker was down: the timer set for the promised deadline (Thursday 03-05 17:30) fires two days late.
    const events = fire(scenario, local('2026-03-05 17:30'), local('2026-03-07 08:00'));
    expect(events.map((event) => [event.type, event.at, event.firedAt])).toEqual([
      ['AlertRaised', local('2026-03-03 17:30'), local('2026-03-07 08:00')],
      ['AlertRaised', local('2026-03-05 17:30'), local('2026-03-07 08:00')],
      ['StepEscalated', local('2026-03-05 17:30'), local('2026-03-07 08:00')],
    ]);
    expect(events.map((event) => (event as { level?: string }).level)).toEqual(['warning', 'yellow', undefined]);
  });

  it('法定时限: passing the legal limit is its own, graver fact beside the yellow card of the promised limit', () => {
    const scenario = permitCase();
    fire(scenario, local('2026-03-05 17:30'));
    const atPromised = caseView(scenario.state, local('2026-03-06 09:00'), calendar);
    expect(atPromised).toMatchObject({ overdue: true, legalOverdue: false, warningLevel: 'yellow' });
    // Legal limit 7 working days: Wednesday 03-11 17:30.
    const events = fire(scenario, local('2026-03-11 17:30'));
    expect(types(events)).toEqual(['LegalLimitExceeded']);
    expect(events[0]).toMatchObject({ key: 'step:construction-permit', at: local('2026-03-11 17:30') });
    const view = caseView(scenario.state, local('2026-03-12 09:00'), calendar);
    expect(view).toMatchObject({
      legalOverdue: true,
      steps: [expect.objectContaining({ clock: expect.objectContaining({ legalOverdue: true }) })],
    });
  });
});
