import {
  DEFAULT_EVALUATION_WEIGHTS,
  evaluateDepartments,
  parseEvaluationWeights,
  quarterOf,
  quarterReviews,
  rectificationsDue,
  type DepartmentFacts,
} from './evaluation';
import { NO_CASES } from './cases';
import { NO_STEPS, statsOfSums, type SupervisionStats } from './statistics';

function stats(patch: Partial<SupervisionStats>): SupervisionStats {
  return { ...statsOfSums(NO_STEPS, NO_CASES), ...patch };
}

const perfect: DepartmentFacts = {
  department: 'housing',
  steps: stats({ received: 10, finished: 10, onTime: 10, averageWorkingDaysUsed: 3, averageLegalWorkingDays: 20 }),
  ratings: { byLevel: { 'very-satisfied': 4 } },
  rectifications: { due: 1, onTime: 1 },
};

describe('绩效评估: a department’s score from the engine’s facts', () => {
  it('full marks for every step on time, within a third of the legal limit, no alert, no bad rating, rectified on time', () => {
    const [evaluation] = evaluateDepartments([perfect]);
    expect(evaluation).toMatchObject({ department: 'housing', score: 100, rank: 1 });
    expect(evaluation.components.speed).toEqual({ rate: 1, points: 20, weight: 20 });
  });

  it('each component is its rate times its weight', () => {
    // given 8 of 10 finished on time, half the legal limit used, 1 yellow card, 1 bad rating in 4, 1 of 2 rectified late
    const facts: DepartmentFacts = {
      department: 'fire',
      steps: stats({
        received: 10,
        finished: 10,
        onTime: 8,
        yellowCards: 1,
        warnings: 2,
        averageWorkingDaysUsed: 10,
        averageLegalWorkingDays: 20,
      }),
      ratings: { byLevel: { satisfied: 3, dissatisfied: 1 } },
      rectifications: { due: 2, onTime: 1 },
    };
    const [evaluation] = evaluateDepartments([
      { ...facts, accountability: { complaints: 2, upheldComplaints: 1, opened: 2, atFault: 1 } },
    ]);
    // then on time 0.8 × 35; speed (1 − 0.5) ÷ ⅔ = 0.75 × 20; alerts 1 − (0.5 + 1) ÷ 10 = 0.85 × 15;
    // ratings 0.75 × 10; rectifications 0.5 × 10; accountability 1 − 5 × 1 ÷ 10 = 0.5 × 10
    expect(evaluation.components.onTime.points).toBe(28);
    expect(evaluation.components.speed.points).toBe(15);
    expect(evaluation.components.alerts.points).toBe(12.75);
    expect(evaluation.components.ratings.points).toBe(7.5);
    expect(evaluation.components.rectifications.points).toBe(5);
    expect(evaluation.components.accountability).toEqual({ rate: 0.5, points: 5, weight: 10 });
    expect(evaluation.score).toBe(73.25);
    // and the facts behind them are shown as counted
    expect(evaluation).toMatchObject({
      redCards: 0,
      ratings: 4,
      badRatings: 1,
      complaints: 2,
      upheldComplaints: 1,
      accountabilityOpened: 2,
      atFault: 1,
    });
  });

  it('过错 findings take the accountability component down, to zero and not below', () => {
    const faulty = { ...perfect, accountability: { complaints: 0, upheldComplaints: 0, opened: 3, atFault: 3 } };
    expect(evaluateDepartments([faulty])[0].components.accountability.rate).toBe(0);
    // a department with no step received and no finding has nothing to measure there
    const idle = { ...perfect, steps: stats({}) };
    expect(evaluateDepartments([idle])[0].components.accountability.rate).toBeNull();
  });

  it('a component with nothing to measure is left out and the others scaled to 100', () => {
    // given no rating and no rectification due: 80 points of weight measured, all at full rate
    const facts = { ...perfect, ratings: { byLevel: {} }, rectifications: { due: 0, onTime: 0 } };
    const [evaluation] = evaluateDepartments([facts]);
    expect(evaluation.components.ratings).toEqual({ rate: null, points: 0, weight: 10 });
    expect(evaluation.score).toBe(100);
    expect(evaluation.components.onTime.points).toBeCloseTo((35 * 100) / 80, 2);
  });

  it('a used share at or past the legal limit scores no speed; red cards can take the alerts to zero, not below', () => {
    const slow = {
      ...perfect,
      steps: stats({
        received: 2,
        finished: 2,
        onTime: 2,
        redCards: 1,
        averageWorkingDaysUsed: 25,
        averageLegalWorkingDays: 20,
      }),
    };
    const [evaluation] = evaluateDepartments([slow]);
    expect(evaluation.components.speed.rate).toBe(0);
    expect(evaluation.components.alerts.rate).toBe(0);
  });

  it('ranks by score, equal scores share a rank, a department with nothing measured is unranked and last', () => {
    const idle: DepartmentFacts = {
      department: 'archives',
      steps: stats({}),
      ratings: { byLevel: {} },
      rectifications: { due: 0, onTime: 0 },
    };
    const worse = { ...perfect, department: 'fire', rectifications: { due: 1, onTime: 0 } };
    const ranked = evaluateDepartments([idle, worse, perfect, { ...perfect, department: 'ecology' }]);
    expect(ranked.map((evaluation) => [evaluation.department, evaluation.rank])).toEqual([
      ['ecology', 1],
      ['housing', 1],
      ['fire', 3],
      ['archives', null],
    ]);
    expect(ranked[3].score).toBeNull();
  });

  it('weights come from configuration, every component, summing to 100; anything else is refused by name', () => {
    expect(parseEvaluationWeights(undefined)).toEqual(DEFAULT_EVALUATION_WEIGHTS);
    const weights = { onTime: 50, speed: 10, alerts: 20, ratings: 10, rectifications: 10, accountability: 0 };
    expect(parseEvaluationWeights(JSON.stringify(weights))).toEqual(weights);
    expect(() => parseEvaluationWeights('{"onTime":50}')).toThrow(/speed is missing/);
    // the five-component form of before: accountability weighs nothing
    const five = { onTime: 40, speed: 20, alerts: 20, ratings: 10, rectifications: 10 };
    expect(parseEvaluationWeights(JSON.stringify(five))).toEqual({ ...five, accountability: 0 });
    expect(() => parseEvaluationWeights(JSON.stringify({ ...weights, onTime: 60 }))).toThrow(/sum to 100, not 110/);
    expect(() => parseEvaluationWeights(JSON.stringify({ ...weights, bribes: 0 }))).toThrow(/bribes is no component/);
    expect(() => parseEvaluationWeights('{')).toThrow(/must be JSON/);
    const heavy = evaluateDepartments([{ ...perfect, rectifications: { due: 1, onTime: 0 } }], weights);
    expect(heavy[0].score).toBe(90);
  });
});

describe('民主评议: each department’s ratings per quarter', () => {
  it('counts the levels, the satisfaction rate and the average on the published scale', () => {
    const reviews = quarterReviews([
      { quarter: '2026-Q1', department: 'housing', level: 'very-satisfied', count: 2 },
      { quarter: '2026-Q1', department: 'housing', level: 'dissatisfied', count: 2 },
      { quarter: '2026-Q1', department: 'fire', level: 'satisfied', count: 1 },
      { quarter: '2026-Q2', department: 'housing', level: 'satisfied', count: 1 },
    ]);
    expect(reviews).toEqual([
      { quarter: '2026-Q1', department: 'fire', ratings: 1, byLevel: { satisfied: 1 }, satisfaction: 1, average: 80 },
      {
        quarter: '2026-Q1',
        department: 'housing',
        ratings: 4,
        byLevel: { 'very-satisfied': 2, dissatisfied: 2 },
        satisfaction: 0.5,
        average: 60,
      },
      {
        quarter: '2026-Q2',
        department: 'housing',
        ratings: 1,
        byLevel: { satisfied: 1 },
        satisfaction: 1,
        average: 80,
      },
    ]);
  });

  it('a quarter is the calendar’s local one: 2026-03-31 20:00 UTC is already Q2 in Beijing', () => {
    expect(quarterOf('2026-03-31T20:00:00Z', 480)).toBe('2026-Q2');
    expect(quarterOf('2026-03-31T15:00:00Z', 480)).toBe('2026-Q1');
  });
});

describe('整改 due in a period', () => {
  const task = (departments: string[], deadline: string, completedAt: string | null) => ({
    departments,
    deadline,
    completedAt,
  });
  it('counts a task whose deadline passed in the period, or completed in it ahead of a later deadline', () => {
    const period = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
    const due = rectificationsDue(
      [
        // deadline in March, completed on time: due, on time, for both departments of the case
        task(['housing', 'fire'], '2026-03-20T09:30:00Z', '2026-03-19T08:00:00Z'),
        // deadline in March, completed late in April: due, late
        task(['housing'], '2026-03-25T09:30:00Z', '2026-04-02T08:00:00Z'),
        // deadline in March, still open: due, late
        task(['housing'], '2026-03-26T09:30:00Z', null),
        // deadline in April, completed in March: due, on time
        task(['fire'], '2026-04-10T09:30:00Z', '2026-03-30T08:00:00Z'),
        // deadline in April, open: not due yet
        task(['ecology'], '2026-04-10T09:30:00Z', null),
        // deadline in February: another period
        task(['ecology'], '2026-02-10T09:30:00Z', '2026-02-09T09:30:00Z'),
      ],
      period,
      '2026-06-01T00:00:00Z',
    );
    expect(Object.fromEntries(due)).toEqual({ housing: { due: 3, onTime: 1 }, fire: { due: 2, onTime: 2 } });
  });

  it('ends the period at now: a deadline still ahead is not yet due', () => {
    const due = rectificationsDue(
      [task(['housing'], '2026-03-20T09:30:00Z', null)],
      { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' },
      '2026-03-10T00:00:00Z',
    );
    expect(due.size).toBe(0);
  });
});
