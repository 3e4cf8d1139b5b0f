import { acceptedAt, local } from './testing/scenario';

describe('legal clocks in working days', () => {
  it('Art. 82 + the 2026 notice: a deadline counts across 国庆 without the holidays and with the 调休 Saturday', () => {
    // EIA (10 working days) from Monday 2026-09-28: Sep 29 (1), 30 (2), Oct 1–7 off, Oct 8 (3), 9 (4),
    // 10 (Saturday, worked: 5), 12 (6), 13 (7), 14 (8), 15 (9), 16 (10) → Friday 2026-10-16.
    const scenario = acceptedAt('2026-09-28 10:00');
    expect(scenario.clock('step:eia-approval').deadline).toBe(local('2026-10-16 17:30'));
  });
});
