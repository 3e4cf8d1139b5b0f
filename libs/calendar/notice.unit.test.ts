import { noticeDays, SHIPPED_NOTICES, validateNotice, type HolidayNoticeInput } from './index';

const notice2027 = (change: Partial<HolidayNoticeInput> = {}): HolidayNoticeInput => ({
  region: 'CN',
  year: 2027,
  title: '国务院办公厅关于2027年部分节假日安排的通知',
  documentNumber: '国办发明电〔2026〕9号',
  issuedOn: '2026-11-10',
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
  ],
  workdays: [{ name: '春节调休上班', date: '2027-02-20' }],
  ...change,
});
const rules = (notice: HolidayNoticeInput): Array<[string, string]> =>
  validateNotice(notice).map((problem) => [problem.path, problem.rule]);

describe('holiday notices as published data', () => {
  it('the shipped notices are valid', () => {
    for (const notice of SHIPPED_NOTICES) expect(validateNotice(notice)).toEqual([]);
  });

  it('expands periods into days that cite the notice by title and 文号', () => {
    const days = noticeDays(notice2027());
    expect(days).toHaveLength(3 + 8 + 1);
    expect(days[0]).toEqual({
      date: '2027-01-01',
      kind: 'holiday',
      name: '元旦',
      source: '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）',
    });
    expect(days.find((day) => day.kind === 'workday')).toMatchObject({ date: '2027-02-20', name: '春节调休上班' });
    expect(noticeDays(notice2027({ region: 'XJ' })).every((day) => day.local)).toBe(true);
  });

  it('refuses a date listed twice, a date outside its year, a 调休 day on a weekday, a reversed period', () => {
    expect(validateNotice(notice2027())).toEqual([]);
    expect(rules(notice2027({ workdays: [{ name: '调休', date: '2027-01-02' }] }))).toEqual([
      ['workdays[0].date', 'date-once'],
    ]);
    expect(
      rules(notice2027({ holidays: [{ name: '元旦', from: '2026-12-31', to: '2027-01-01' }], workdays: [] })),
    ).toEqual([['holidays[0].from', 'inside-year']]);
    // 2027-02-22 is a Monday: a working day already, not an adjusted one.
    expect(rules(notice2027({ workdays: [{ name: '春节调休上班', date: '2027-02-22' }] }))).toEqual([
      ['workdays[0].date', 'workday-on-weekend'],
    ]);
    expect(rules(notice2027({ holidays: [{ name: '春节', from: '2027-02-13', to: '2027-02-06' }] }))).toEqual([
      ['holidays[0].to', 'to-not-before-from'],
    ]);
    expect(rules(notice2027({ holidays: [{ name: '春节', from: '2027-02-30', to: '2027-03-01' }] }))).toEqual([
      ['holidays[0].from', 'date'],
    ]);
  });

  it('a national notice lists holidays and is issued before its year ends; a local one may list a single day', () => {
    expect(rules(notice2027({ holidays: [], workdays: [] }))).toEqual([['holidays', 'required']]);
    expect(rules(notice2027({ issuedOn: '2028-01-02' }))).toEqual([['issuedOn', 'issued-before-year-end']]);
    expect(
      validateNotice(
        notice2027({
          region: 'XJ',
          holidays: [{ name: '古尔邦节', from: '2027-05-17', to: '2027-05-17' }],
          workdays: [],
        }),
      ),
    ).toEqual([]);
  });
});
