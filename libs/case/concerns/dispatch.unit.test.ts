import { accepted, agree, dept, local, window } from '../testing/scenario';
import { fold } from '../kernel';

describe('parallel department steps (并联审批)', () => {
  it('a repeated commandId is recognised and not applied twice', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'), 'opinion-1');
    scenario.rejects(
      local('2026-03-03 10:01'),
      dept('natural-resources'),
      agree('design-scheme-review'),
      'duplicate-command',
      'opinion-1',
    );
  });

  it('folding the recorded events rebuilds exactly the state the decider reached (auditors’ as-of state)', () => {
    const scenario = accepted();
    scenario.when(local('2026-03-03 10:00'), dept('natural-resources'), agree('design-scheme-review'));
    scenario.when(local('2026-03-05 10:00'), window, { type: 'SignLandContract', contractNumber: 'X-1' });
    scenario.tick(local('2026-03-20 10:00'));
    expect(fold(scenario.events)).toEqual(scenario.state);
  });
});
