import { addCalendarDays, beijingDay, CHINA_CALENDAR, endOfBeijingDay, type WorkCalendar } from './calendar';

/**
 * How a statutory period is counted:
 * - `hours`: so many hours from the event (310 Art. 5 "24小时内");
 * - `working-days`: the day of the event not counted, then so many working days, public
 *   holidays and weekends left out (行政处罚法 Art. 85: its 二日/三日/五日/七日 are working days);
 * - `days` and `months`: calendar days or months, the day of the event not counted; when
 *   the last day is a day off, the period ends on the next working day (刑事诉讼法 Art. 105).
 *   The same counting is used for the 310 regulation's and the rules' days, which set no
 *   counting of their own.
 */
export type PeriodUnit = 'hours' | 'working-days' | 'days' | 'months';

export interface StatutoryPeriod {
  count: number;
  unit: PeriodUnit;
  /** The article that sets the period, as cited to users, e.g. 国务院令第310号 第八条. */
  article: string;
  /**
   * 刑事诉讼法 Art. 105 para. 4: a period while the suspect is in custody is not extended
   * past a holiday.
   */
  inCustody?: boolean;
}

export interface Deadline {
  dueAt: Date;
  article: string;
  /** The due day falls in a year whose holiday notice is not in the calendar yet. */
  provisional: boolean;
}

function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

function nextWorkingDayFrom(day: string, calendar: WorkCalendar): string {
  let at = day;
  while (!calendar.isWorkingDay(at)) at = addCalendarDays(at, 1);
  return at;
}

/** When a step that follows an event at `startedAt` is due under `period`, in Beijing time. */
export function dueDate(startedAt: Date, period: StatutoryPeriod, calendar: WorkCalendar = CHINA_CALENDAR): Deadline {
  if (!Number.isInteger(period.count) || period.count < 0) throw new Error(`a period counts whole units: ${period.count}`);
  if (period.unit === 'hours') {
    const dueAt = new Date(startedAt.getTime() + period.count * 3600_000);
    return { dueAt, article: period.article, provisional: calendar.isProvisional(beijingDay(dueAt)) };
  }
  const startDay = beijingDay(startedAt);
  let lastDay: string;
  if (period.unit === 'working-days') {
    lastDay = startDay;
    for (let counted = 0; counted < period.count; ) {
      lastDay = addCalendarDays(lastDay, 1);
      if (calendar.isWorkingDay(lastDay)) counted++;
    }
  } else {
    lastDay = period.unit === 'days' ? addCalendarDays(startDay, period.count) : addMonths(startDay, period.count);
    if (!period.inCustody) lastDay = nextWorkingDayFrom(lastDay, calendar);
  }
  return { dueAt: endOfBeijingDay(lastDay), article: period.article, provisional: calendar.isProvisional(lastDay) };
}

/** Whether a step was (or, not done yet, is by `now`) past its due time. */
export function isLate(deadline: Pick<Deadline, 'dueAt'>, doneAt: Date | null, now: Date = new Date()): boolean {
  return (doneAt ?? now).getTime() > deadline.dueAt.getTime();
}
