import { wholeNumbersFromEnv } from '../process/env-numbers';

/**
 * How many GraphQL requests a process works on at once, the others waiting their turn in
 * arrival order.
 *
 * Without a bound every request that arrives starts at once, and a flood holds as much
 * work (memory, subgraph calls, connections) as it sends. With one, the rest wait, first
 * come first served, holding only their headers; beyond `maxQueued` waiting, or after
 * `maxWaitMs` in the queue, a request is refused as busy (HTTP 503 with Retry-After) before
 * any subgraph is asked, not left to time out after it has used them.
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
 * The gateway's default, per process (each cluster worker has its own): above the 50
 * requests the bench keeps under way, so the bound sheds floods and never throttles what
 * the system can serve. A tighter bound (16) was measured as a way to keep p99 near p50 on
 * the 2-core bench machine, and rejected: it lowered p99/p50 mostly by raising p50, and cost
 * 5–25 % of the throughput at full load (README, Scale and benchmarks).
 */
export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = { maxInFlight: 64, maxQueued: 1000, maxWaitMs: 10_000 };

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

/**
 * What a waiting request watches to learn that its client has gone: the connection's
 * socket (net.Socket has all three).
 */
export interface Departure {
  readonly destroyed: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/** Thrown by `admit` when the client of a waiting request closed its connection: it gives up its place. */
export class ClientGoneError extends Error {
  constructor() {
    super('aborted: the client closed the connection while its request waited its turn');
  }
}

interface Waiter {
  admitted: () => void;
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

  /**
   * Resolves when the request may start; call the returned function once when it is done.
   * Given the request's connection, a request whose client goes while it waits leaves the
   * queue at once (ClientGoneError), rather than holding its place until its turn.
   */
  admit(client?: Departure): Promise<() => void> | (() => void) {
    if (this.inFlight < this.limits.maxInFlight && this.head === this.waiting.length) {
      this.inFlight++;
      return this.releaser();
    }
    if (client?.destroyed) throw new ClientGoneError();
    if (this.waiting.length - this.head >= this.limits.maxQueued) {
      throw new BusyError('QUEUE_FULL', `The server is busy: ${this.limits.maxQueued} requests are already waiting; try again shortly`);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admitted: () => {
          client?.off('close', gone);
          resolve(this.releaser());
        },
      };
      // Out of the queue before its turn: false when its turn came first.
      const leave = () => {
        const at = this.waiting.indexOf(waiter, this.head);
        if (at < 0) return false;
        this.waiting.splice(at, 1);
        clearTimeout(waiter.timer);
        client?.off('close', gone);
        return true;
      };
      const gone = () => {
        if (leave()) reject(new ClientGoneError());
      };
      waiter.timer = setTimeout(() => {
        if (leave()) reject(new BusyError('QUEUE_TIMEOUT', `The server is busy: the request waited ${this.limits.maxWaitMs} ms for its turn; try again shortly`));
      }, this.limits.maxWaitMs);
      client?.once('close', gone);
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
