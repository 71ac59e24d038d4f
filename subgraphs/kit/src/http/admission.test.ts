import { EventEmitter } from 'node:events';
import { AdmissionQueue, BusyError, ClientGoneError } from './admission';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the admission queue', () => {
  it('starts requests up to the bound at once, then one per finished request, in arrival order', async () => {
    const queue = new AdmissionQueue({ maxInFlight: 2, maxQueued: 10, maxWaitMs: 60_000 });
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const requests = [1, 2, 3, 4, 5].map(async (n) => {
      const release = await queue.admit();
      started.push(n);
      releases.push(release);
    });
    await tick();
    expect(started).toEqual([1, 2]);
    expect(queue.load).toEqual({ inFlight: 2, queued: 3 });
    releases[1]!(); // the second finishes first: the third starts, not a later one
    releases[1]!(); // a second call of the same release frees nothing more
    await tick();
    expect(started).toEqual([1, 2, 3]);
    expect(queue.load).toEqual({ inFlight: 2, queued: 2 });
    releases[0]!();
    releases[2]!();
    await tick();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    releases[3]!();
    releases[4]!();
    await Promise.all(requests);
    expect(queue.load).toEqual({ inFlight: 0, queued: 0 });
  });

  it('refuses a request at once when the queue is full', async () => {
    const queue = new AdmissionQueue({ maxInFlight: 1, maxQueued: 1, maxWaitMs: 60_000 });
    const first = await queue.admit();
    const second = queue.admit();
    let refusal: unknown;
    try {
      queue.admit();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BusyError);
    expect(refusal).toMatchObject({ reason: 'QUEUE_FULL', status: 503 });
    first();
    (await second)();
    expect(queue.load).toEqual({ inFlight: 0, queued: 0 });
  });

  it('refuses a request that waited longer than the limit, and its place goes to the next', async () => {
    const queue = new AdmissionQueue({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 50 });
    const first = await queue.admit();
    const waited = queue.admit();
    await expect(waited).rejects.toMatchObject({ reason: 'QUEUE_TIMEOUT', status: 503 });
    expect(queue.load).toEqual({ inFlight: 1, queued: 0 });
    const next = queue.admit();
    first();
    (await next)();
    expect(queue.load).toEqual({ inFlight: 0, queued: 0 });
  });

  it('does not let a new request pass the ones waiting', async () => {
    const queue = new AdmissionQueue({ maxInFlight: 1, maxQueued: 10, maxWaitMs: 60_000 });
    const first = await queue.admit();
    const order: string[] = [];
    const waiting = (async () => {
      (await queue.admit())();
      order.push('waiting');
    })();
    first(); // frees the place; the waiting request has it, even before it runs
    const late = (async () => {
      (await queue.admit())();
      order.push('late');
    })();
    await Promise.all([waiting, late]);
    expect(order).toEqual(['waiting', 'late']);
  });

  it('lets a request whose client goes while it waits leave the queue at once, and forgets the connection of one admitted', async () => {
    const queue = new AdmissionQueue({ maxInFlight: 1, maxQueued: 2, maxWaitMs: 60_000 });
    const connection = () => Object.assign(new EventEmitter(), { destroyed: false });
    const release = await queue.admit();
    const [leaving, staying] = [connection(), connection()];
    const left = queue.admit(leaving);
    const stays = queue.admit(staying);
    expect(queue.load).toEqual({ inFlight: 1, queued: 2 });
    leaving.destroyed = true;
    leaving.emit('close');
    await expect(left).rejects.toBeInstanceOf(ClientGoneError);
    expect(queue.load).toEqual({ inFlight: 1, queued: 1 });
    // Its place is free: another may wait.
    const another = queue.admit();
    release();
    (await stays)();
    expect(staying.listenerCount('close')).toBe(0);
    (await another)();
    expect(queue.load).toEqual({ inFlight: 0, queued: 0 });
    // A client already gone takes no place.
    const held = await queue.admit();
    expect(() => queue.admit(Object.assign(new EventEmitter(), { destroyed: true }))).toThrow(ClientGoneError);
    expect(queue.load).toEqual({ inFlight: 1, queued: 0 });
    held();
  });

  it('refuses a bound below one', () => {
    expect(() => new AdmissionQueue({ maxInFlight: 0, maxQueued: 1, maxWaitMs: 1 })).toThrow(/at least 1/);
  });
});
