import { beijingDay, CHINA_CALENDAR } from './calendar';
import { dueDate, isLate, type StatutoryPeriod } from './deadlines';

// The 2026 dates are pinned to the State Council's notice for 2026 (国办发明电〔2025〕7号):
// 中秋 9.25–27, 国庆 10.1–7 with 9.20 (Sun) and 10.10 (Sat) worked; 春节 2.15–23 with 2.14
// and 2.28 (Sat) worked.
const at = (beijing: string) => new Date(`${beijing}+08:00`);
const due = (beijing: string, period: StatutoryPeriod) => {
  const deadline = dueDate(at(beijing), period);
  return { day: beijingDay(deadline.dueAt), iso: deadline.dueAt.toISOString(), provisional: deadline.provisional };
};
const days = (count: number, inCustody = false): StatutoryPeriod => ({ count, unit: 'days', article: '刑事诉讼法第一百零五条', inCustody });

describe('the working calendar', () => {
  it('knows the 2026 holidays and make-up working days', () => {
    expect(CHINA_CALENDAR.isWorkingDay('2026-10-01')).toBe(false);
    expect(CHINA_CALENDAR.isWorkingDay('2026-10-08')).toBe(true);
    expect(CHINA_CALENDAR.isWorkingDay('2026-10-10')).toBe(true); // Saturday, made up
    expect(CHINA_CALENDAR.isWorkingDay('2026-09-20')).toBe(true); // Sunday, made up
    expect(CHINA_CALENDAR.isWorkingDay('2026-09-26')).toBe(false);
    expect(CHINA_CALENDAR.isWorkingDay('2026-11-28')).toBe(false); // an ordinary Saturday
    expect(CHINA_CALENDAR.isProvisional('2026-12-31')).toBe(false);
  });

  it('gives a provisional calendar for a year without a notice: the statutory holidays on weekends', () => {
    expect(CHINA_CALENDAR.isProvisional('2027-02-05')).toBe(true);
    expect(CHINA_CALENDAR.isWorkingDay('2027-02-05')).toBe(false); // 除夕 (lunar new year 2027-02-06)
    expect(CHINA_CALENDAR.isWorkingDay('2027-02-08')).toBe(false); // 初三
    expect(CHINA_CALENDAR.isWorkingDay('2027-02-09')).toBe(true);
    expect(CHINA_CALENDAR.isWorkingDay('2027-10-01')).toBe(false);
  });
});

describe('statutory deadlines', () => {
  it('counts calendar days from the day after the event, to the end of the Beijing day', () => {
    expect(due('2026-09-21T10:00:00', days(3))).toEqual({ day: '2026-09-24', iso: '2026-09-24T15:59:59.999Z', provisional: false });
  });

  it('moves a period that ends on a day off to the next working day (刑事诉讼法 Art. 105)', () => {
    expect(due('2026-09-22T10:00:00', days(3)).day).toBe('2026-09-28'); // ends on 中秋 9.25
    expect(due('2026-09-28T16:00:00', days(3)).day).toBe('2026-10-08'); // ends in 国庆
  });

  it('does not extend a period past a holiday while the suspect is in custody', () => {
    expect(due('2026-09-28T16:00:00', days(3, true)).day).toBe('2026-10-01');
  });

  it('counts working days only where 行政处罚法 Art. 85 applies, make-up days included', () => {
    const threeWorkingDays: StatutoryPeriod = { count: 3, unit: 'working-days', article: '行政处罚法第八十五条' };
    expect(due('2026-09-30T09:00:00', threeWorkingDays).day).toBe('2026-10-10'); // 10.8, 10.9, 10.10 (Sat, worked)
    expect(due('2026-11-27T09:00:00', threeWorkingDays).day).toBe('2026-12-02'); // Fri → Mon, Tue, Wed
  });

  it('counts hours as hours, holidays or not', () => {
    const day = { count: 24, unit: 'hours', article: '国务院令第310号第五条' } as const;
    expect(dueDate(at('2026-09-30T17:30:00'), day).dueAt.toISOString()).toBe('2026-10-01T09:30:00.000Z');
  });

  it('counts months to the same day of the month, or its last day', () => {
    const month: StatutoryPeriod = { count: 1, unit: 'months', article: '刑事诉讼法第一百七十二条' };
    expect(due('2026-01-31T10:00:00', month).day).toBe('2026-02-28'); // a Saturday, but worked
    expect(due('2026-01-15T10:00:00', month).day).toBe('2026-02-24'); // 2.15 is in 春节
  });

  it('takes the day of the event in Beijing time, not UTC', () => {
    // 2026-09-20 17:00 UTC is 9.21 01:00 in Beijing.
    expect(beijingDay(dueDate(new Date('2026-09-20T17:00:00Z'), days(3)).dueAt)).toBe('2026-09-24');
  });

  it('says when a deadline falls in a year without a holiday notice', () => {
    expect(due('2027-02-03T10:00:00', days(2))).toMatchObject({ day: '2027-02-09', provisional: true });
  });

  it('tells late from on time', () => {
    const deadline = dueDate(at('2026-09-21T10:00:00'), days(3));
    expect(isLate(deadline, at('2026-09-24T23:59:00'))).toBe(false);
    expect(isLate(deadline, at('2026-09-25T00:00:01'))).toBe(true);
    expect(isLate(deadline, null, at('2026-09-23T00:00:00'))).toBe(false);
  });

  it('refuses a period that is not a whole number', () => {
    expect(() => dueDate(new Date(), { count: 1.5, unit: 'days', article: 'x' })).toThrow(/whole units/);
  });
});
