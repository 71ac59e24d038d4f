import { CHINA_CALENDAR } from '../time/calendar';
import type { Rng } from './prng';

/**
 * Office hours on working days, Beijing time, for the demo's timestamps: a step is taken
 * between 08:30 and 17:30 on a day the State Council's calendar makes a working day
 * (weekends and public holidays off, 调休 make-up days worked; kit/src/time/calendar.ts).
 * Days are counted as integers (Beijing days since 1970-01-01) so the generator stays cheap.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
const BEIJING = 8 * HOUR;
export const OPENS_AT = 8.5 * HOUR;
export const CLOSES_AT = 17.5 * HOUR;
/** Minutes of office time in a day (08:30–17:30). */
export const OFFICE_MINUTES = (CLOSES_AT - OPENS_AT) / MINUTE;

/** The Beijing day number of an instant. */
export const dayNumber = (t: number): number => Math.floor((t + BEIJING) / DAY);
/** The instant a Beijing day starts. */
export const dayStart = (day: number): number => day * DAY - BEIJING;

// 0 unknown, 1 working, 2 off; days from 2020-01-01 on (memoised from the calendar).
const BASE = dayNumber(Date.parse('2020-01-01T00:00:00+08:00'));
const known = new Uint8Array(4096);

export function isWorkingDayNumber(day: number): boolean {
  const k = day - BASE;
  if (k < 0 || k >= known.length) return CHINA_CALENDAR.isWorkingDay(new Date(day * DAY).toISOString().slice(0, 10));
  if (known[k] === 0) known[k] = CHINA_CALENDAR.isWorkingDay(new Date(day * DAY).toISOString().slice(0, 10)) ? 1 : 2;
  return known[k] === 1;
}

/** The first working day on or after `day`. */
export function workingDayFrom(day: number): number {
  let d = day;
  while (!isWorkingDayNumber(d)) d++;
  return d;
}

/** Whether an instant lies in office hours on a working day. */
export function inOfficeHours(t: number): boolean {
  const day = dayNumber(t);
  const offset = t - dayStart(day);
  return isWorkingDayNumber(day) && offset >= OPENS_AT && offset <= CLOSES_AT;
}

/** A time in the first `minutes` of office hours on the first working day on or after `day`. */
function morningOf(rng: Rng, day: number, minutes: number): number {
  return dayStart(workingDayFrom(day)) + OPENS_AT + rng.int(0, minutes) * MINUTE;
}

/**
 * An office-hours time on the working day `days` calendar days after `from` (the next
 * working day if that one is off), strictly after `from`: a step taken some days after the
 * event that started it.
 */
export function officeTime(rng: Rng, from: Date, days: number): Date {
  const f = from.getTime();
  const day = workingDayFrom(dayNumber(f) + days);
  let t = dayStart(day) + OPENS_AT + rng.int(0, OFFICE_MINUTES - 1) * MINUTE + rng.int(0, 59) * 1000;
  if (t <= f) t = soon(rng, from, 10, 120).getTime();
  return new Date(t);
}

/**
 * A time `min`–`max` minutes after `from`, if that is still in office hours on a working
 * day; otherwise early on the next working day. For steps taken at once (a receipt signed,
 * a document received).
 */
export function soon(rng: Rng, from: Date, min: number, max: number): Date {
  const f = from.getTime();
  const t = f + rng.int(min, max) * MINUTE;
  const day = dayNumber(f);
  if (dayNumber(t) === day && inOfficeHours(t) && t - dayStart(day) >= OPENS_AT) return new Date(t);
  const next = t - dayStart(day) < OPENS_AT && isWorkingDayNumber(day) ? day : day + 1;
  return new Date(morningOf(rng, next, 60) + rng.int(0, 59) * 1000);
}

/** The working days from `first` to `last` (day numbers), for spreading registrations over office time. */
export function workingDaysBetween(first: number, last: number): Int32Array {
  const days: number[] = [];
  for (let d = first; d <= last; d++) if (isWorkingDayNumber(d)) days.push(d);
  return Int32Array.from(days);
}

/** Beijing-time calendar year of an instant. */
export function beijingYear(date: Date): number {
  return new Date(date.getTime() + BEIJING).getUTCFullYear();
}
