import { NATIONAL_WHOLE_PROCESS } from '@onewindow/catalog';
import {
  agree,
  calendar,
  context,
  dept,
  local,
  submitted2,
  suspend,
  window,
  type Scenario,
} from '@onewindow/case/testing/scenario';
import { wholeProcess, type StageCase } from './whole-process';

/** A construction-permit case accepted at `at` (rules 2): one step, housing's. */
function permitCase(at: string): Scenario {
  const scenario = submitted2([], context('construction-permit'), local(at));
  scenario.when(local(at), window, { type: 'DecideAcceptance', decision: 'accept' });
  return scenario;
}
const stage = (caseId: string, scenario: Scenario, stages = [3]): StageCase => ({
  caseId,
  templateId: scenario.ctx.template.id,
  stages,
  state: scenario.state,
});

describe('the whole-process clock of a project (全流程审批时间)', () => {
  it('counts a stage case from acceptance to its decision, in working days, against 120', () => {
    const first = permitCase('2026-03-02 10:00');
    first.when(local('2026-03-09 10:00'), dept('housing'), agree('construction-permit'));
    first.when(local('2026-03-10 10:00'), dept('housing'), {
      type: 'IssueLicence',
      licences: [{ stepId: 'construction-permit', number: 'P-1' }],
    });
    const view = wholeProcess('P-1', [stage('A', first)], NATIONAL_WHOLE_PROCESS, calendar, local('2026-06-01 10:00'));
    // Tuesday 03-03 … Tuesday 03-10 (decided Monday, issued Tuesday): 6 working days; the weeks after are not counted.
    expect(view).toMatchObject({ usedWorkingDays: 6, remainingWorkingDays: 114, overdue: false, finished: true });
    expect(view.stages[0]).toMatchObject({ caseId: 'A', usedWorkingDays: 6, status: 'completed' });
  });

  it('excludes an Art. 45 suspension of a case running alone; an open case counts up to now', () => {
    const running = permitCase('2026-03-02 10:00');
    running.when(local('2026-03-04 10:00'), dept('housing'), suspend(undefined, 5));
    const held = wholeProcess(
      'P-2',
      [stage('A', running)],
      NATIONAL_WHOLE_PROCESS,
      calendar,
      local('2026-03-13 10:00'),
    );
    // Accepted Monday; counted Tue, Wed; suspended from Wednesday: Thu … Fri next week are excluded.
    expect(held.usedWorkingDays).toBe(2);
    expect(held.finished).toBe(false);
  });

  it('sequential stages add up; overlapping ones count the overlap once; past the target is overdue', () => {
    const one = permitCase('2026-03-02 10:00');
    const two = permitCase('2026-03-04 10:00');
    const overlap = wholeProcess(
      'P-3',
      [stage('A', one), stage('B', two, [4])],
      { limit: { value: 5, unit: 'working-days' }, basis: '本地目标（测试）' },
      calendar,
      local('2026-03-13 10:00'),
    );
    // Both run from 03-02 to 03-13: 9 working days once, not 9 + 7.
    expect(overlap.stages.map((time) => time.usedWorkingDays)).toEqual([9, 7]);
    expect(overlap).toMatchObject({ usedWorkingDays: 9, remainingWorkingDays: -4, overdue: true });
    expect(calendar.workingDaysBetween(local('2026-03-02 10:00'), local('2026-03-13 10:00'))).toBe(9);
  });

  it('a stage case whose clock has not started (拿地即开工 before the land contract) counts nothing yet', () => {
    const land = submitted2([], context('land-and-start'));
    land.when(local('2026-03-02 10:00'), window, { type: 'DecideAcceptance', decision: 'accept' });
    const view = wholeProcess(
      'P-4',
      [stage('L', land, [1, 2, 3])],
      NATIONAL_WHOLE_PROCESS,
      calendar,
      local('2026-04-01 10:00'),
    );
    expect(view.usedWorkingDays).toBe(0);
    expect(view.stages[0].startedAt).toBeUndefined();
  });
});
