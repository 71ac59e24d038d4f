import chineseDays from 'chinese-days/dist/chinese-days.json';
import { getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';

/**
 * China's official calendar of days off and make-up working days (调休), from the State
 * Council's yearly notices as maintained in the `chinese-days` package. A year the
 * notices do not cover yet gets a provisional calendar: the statutory holidays of
 * 全国年节及纪念日放假办法 (2024 rev., Art. 2: 元旦 1 day, 春节 4 days from 除夕, 清明 1,
 * 劳动节 2, 端午 1, 中秋 1, 国庆 3) on weekends off, without make-up days; deadlines that
 * fall in such a year say so (`provisional`).
 */
export interface WorkCalendar {
  /** True when the day (YYYY-MM-DD, Beijing) is a working day. */
  isWorkingDay(day: string): boolean;
  /** True when the year's official notice is not in the data (the answer is provisional). */
  isProvisional(day: string): boolean;
}

const data = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
const HOLIDAYS = new Set(Object.keys(data.holidays));
const MAKE_UP_DAYS = new Set(Object.keys(data.workdays));
const COVERED_YEARS = new Set([...HOLIDAYS].map((day) => day.slice(0, 4)));

const addDays = (day: string, n: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const isWeekend = (day: string) => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** The statutory holidays of a year the official notices do not cover yet. */
const provisionalHolidays = new Map<string, Set<string>>();
function provisionalHolidaysOf(year: string): Set<string> {
  let days = provisionalHolidays.get(year);
  if (!days) {
    const springFestival = getSolarDateFromLunar(`${year}-01-01`).date;
    const lunar = (monthDay: string) => getSolarDateFromLunar(`${year}-${monthDay}`).date;
    days = new Set([
      `${year}-01-01`,
      addDays(springFestival, -1), springFestival, addDays(springFestival, 1), addDays(springFestival, 2),
      getSolarTermDate(Number(year), 4, 'pure_brightness'),
      `${year}-05-01`, `${year}-05-02`,
      lunar('05-05'),
      lunar('08-15'),
      `${year}-10-01`, `${year}-10-02`, `${year}-10-03`,
    ]);
    provisionalHolidays.set(year, days);
  }
  return days;
}

export const CHINA_CALENDAR: WorkCalendar = {
  isWorkingDay(day) {
    const year = day.slice(0, 4);
    if (COVERED_YEARS.has(year)) return MAKE_UP_DAYS.has(day) || (!HOLIDAYS.has(day) && !isWeekend(day));
    return !isWeekend(day) && !provisionalHolidaysOf(year).has(day);
  },
  isProvisional(day) {
    return !COVERED_YEARS.has(day.slice(0, 4));
  },
};

/** Beijing time is UTC+8 all year (no daylight saving since 1991). */
const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The Beijing calendar day (YYYY-MM-DD) an instant falls on. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last instant of a Beijing calendar day (23:59:59.999 +08:00). */
export function endOfBeijingDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS + 86_400_000 - 1);
}

export { addDays as addCalendarDays };
