import chineseDays from 'chinese-days/dist/chinese-days.json';
import { addDays } from './iso-date';
import { chinaNationalCalendar, CN_HOLIDAY_NOTICES, WorkingCalendar } from './index';

/**
 * A second transcription of the same State Council notices: the `chinese-days` package (a devDependency, never
 * used at run time). For every year both hold, day by day, the status and the holiday's name must agree, so a typo
 * in `data/notices/CN-<year>.json` fails the build.
 */
const reference = chineseDays as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};
/** `Spring Festival,春节,4` → 春节 */
const chineseName = (entry: string): string => entry.split(',')[1] ?? '';

const calendar = new WorkingCalendar(chinaNationalCalendar());
const years = CN_HOLIDAY_NOTICES.map((notice) => notice.year).filter((year) =>
  Object.keys(reference.holidays).some((date) => date.startsWith(`${year}-`)),
);

describe('the shipped holiday notices against chinese-days', () => {
  it('covers every shipped year (2025 and 2026 at least)', () => {
    expect(years).toEqual(expect.arrayContaining([2025, 2026]));
  });

  it.each(years)('%i: every day of the year has the same status in both', (year) => {
    const disagreements: string[] = [];
    for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) {
      const theirs = date in reference.workdays ? true : date in reference.holidays ? false : undefined;
      const weekday = calendar.describeDay(date).weekday;
      const expected = theirs ?? weekday <= 5;
      if (calendar.isWorkingDay(date) !== expected)
        disagreements.push(`${date}: ours ${calendar.isWorkingDay(date) ? 'working' : 'off'}, chinese-days not`);
    }
    expect(disagreements).toEqual([]);
  });

  it.each(years)('%i: the same holiday periods and 调休 working days, with the same names', (year) => {
    const notice = CN_HOLIDAY_NOTICES.find((candidate) => candidate.year === year)!;
    const ours = (kind: 'holiday' | 'workday'): Array<[string, string]> =>
      notice.days
        .filter((day) => day.kind === kind)
        .map((day): [string, string] => [day.date, day.name])
        .sort();
    const theirs = (table: Record<string, string>): Array<[string, string]> =>
      Object.entries(table)
        .filter(([date]) => date.startsWith(`${year}-`))
        .map(([date, entry]): [string, string] => [date, chineseName(entry)])
        .sort();
    // The same dates; and the holiday chinese-days names is one the notice names for that day (清明 / 清明节;
    // 中秋 / 国庆节、中秋节; 春节 / 春节调休上班).
    const bare = (name: string): string[] =>
      name
        .replace(/调休上班$/, '')
        .split('、')
        .map((part) => part.replace(/节$/, ''));
    for (const [kind, table] of [
      ['holiday', reference.holidays],
      ['workday', reference.workdays],
    ] as const) {
      const [mine, other] = [ours(kind), theirs(table)];
      expect(mine.map(([date]) => date)).toEqual(other.map(([date]) => date));
      const misnamed = other.filter(([, name], index) => !bare(mine[index][1]).includes(bare(name)[0]));
      expect([kind, misnamed.map(([date]) => date)]).toEqual([kind, []]);
    }
  });
});
