import { wholeNumbersFromEnv } from '../process/env-numbers';

/**
 * How many GraphQL requests a process works on at once, the others waiting their turn in
 * arrival order.
 *
 * Without a bound every request that arrives starts at once, and all of them share the
 * CPU: each request's parse, plan, subgraph calls and SQL wait behind the steps of every
 * other request at every hop. A request with more hops (a transferred chain: the agency,
 * then the police, procuratorate and court) then takes as many times longer as it has hops,
 * and a burst slows everything already under way. With a bound, a request waits once, in
 * the queue, and then goes through with little waiting; first come, first served. The
 * bound also keeps a flood from holding more work than the process can finish: beyond
 * `maxQueued` waiting, or after `maxWaitMs` in the queue, a request is refused as busy
 * (HTTP 503 with Retry-After), not left to time out after it has used the subgraphs.
 */
export interface AdmissionLimits {
  /** Requests worked on at once. */
  maxInFlight: number;
  /** Requests waiting beyond which a new one is refused at once. */
  maxQueued: number;
  /** How long a request may wait for its turn before it is refused. */
  maxWaitMs: number;
}

/**
 * The gateway's default, per process (each cluster worker has its own). On this project's
 * 2-core bench machine (README, Scale and benchmarks) 16 kept p99 at 50 connections within
 * 1.6–1.8× p50 where no bound gave 1.9–2.3×, for 5–15 % of the throughput at full load
 * (fewer requests under way, less done per wake-up); 24 changed nothing there, 12 and 8
 * left the CPU idle. A system whose
 * subgraphs run on other machines (more cores, network hops) keeps more requests under way
 * at full use, and wants a higher bound.
 */
export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { maxInFlight: 16, maxQueued: 1000, maxWaitMs: 10_000 };

const ADMISSION_ENV: Record<keyof AdmissionLimits, string> = {
  maxInFlight: 'XIANJIE_MAX_IN_FLIGHT',
  maxQueued: 'XIANJIE_MAX_QUEUED',
  maxWaitMs: 'XIANJIE_QUEUE_TIMEOUT_MS',
};

/** The admission limits from XIANJIE_MAX_IN_FLIGHT, XIANJIE_MAX_QUEUED and XIANJIE_QUEUE_TIMEOUT_MS, each a positive whole number. */
export function admissionLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AdmissionLimits {
  return wholeNumbersFromEnv(DEFAULT_ADMISSION_LIMITS, ADMISSION_ENV, env);
}

/** Thrown by `admit` when a request is refused: too many waiting, or waited too long. */
export class BusyError extends Error {
  readonly status = 503;
  constructor(readonly reason: 'QUEUE_FULL' | 'QUEUE_TIMEOUT', message: string) {
    super(message);
  }
}

interface Waiter {
  admitted: () => void;
  refused: (error: BusyError) => void;
  timer?: NodeJS.Timeout;
}

export class AdmissionQueue {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  private head = 0;

  constructor(readonly limits: AdmissionLimits) {
    if (!(limits.maxInFlight >= 1)) throw new Error(`maxInFlight must be at least 1, not ${limits.maxInFlight}`);
  }

  /** Requests being worked on, and waiting. */
  get load(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.waiting.length - this.head };
  }

  /** Resolves when the request may start; call the returned function once when it is done. */
  admit(): Promise<() => void> | (() => void) {
    if (this.inFlight < this.limits.maxInFlight && this.head === this.waiting.length) {
      this.inFlight++;
      return this.releaser();
    }
    if (this.waiting.length - this.head >= this.limits.maxQueued) {
      throw new BusyError('QUEUE_FULL', `The server is busy: ${this.limits.maxQueued} requests are already waiting; try again shortly`);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admitted: () => resolve(this.releaser()),
        refused: reject,
      };
      waiter.timer = setTimeout(() => {
        const at = this.waiting.indexOf(waiter, this.head);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        reject(new BusyError('QUEUE_TIMEOUT', `The server is busy: the request waited ${this.limits.maxWaitMs} ms for its turn; try again shortly`));
      }, this.limits.maxWaitMs);
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.next();
    };
  }

  private next(): void {
    while (this.inFlight < this.limits.maxInFlight && this.head < this.waiting.length) {
      const waiter = this.waiting[this.head++]!;
      clearTimeout(waiter.timer);
      this.inFlight++;
      waiter.admitted();
    }
    // Drop the served prefix now and then, not on every shift.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
