import { context, local, submitted, window } from '../__tests__/scenario';
import { nextWakeUp } from './alarms';

describe('completion', () => {
  it('issuing the licence stops the clocks of optional steps still open (桩基, utilities)', () => {
    const scenario = submitted([], context('land-and-start'), { receivedAt: local('2026-03-02 09:00') });
    scenario.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    scenario.when(local('2026-03-02 11:00'), window, { type: 'SignLandContract', contractNumber: 'X' });
    for (const stepId of [
      'design-scheme-review',
      'eia-approval',
      'drawing-review',
      'fire-design-review',
      'air-defence-approval',
      'land-use-planning-permit',
      'works-planning-permit',
      'construction-permit',
    ]) {
      scenario.when(local('2026-03-03 10:00'), window, { type: 'RecordOpinion', stepId, opinion: 'agree' });
    }
    expect(scenario.step('utility-connection').status).toBe('in-review');
    scenario.when(local('2026-03-03 15:00'), window, { type: 'IssueLicence' });
    expect(Object.values(scenario.state.clocks).every((clock) => clock.stoppedAt)).toBe(true);
    expect(nextWakeUp(scenario.state)).toBeUndefined();
  });
});
