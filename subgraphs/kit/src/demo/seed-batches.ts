import type { DemoOptions } from './demo-options';
import { chainScenario, generateChain, type DemoChain } from './chain';
import { scenarioReaches, type DemoInstitution } from './timeline';
import { demoReferenceData } from './reference-data';
import { demoSerials } from './serials';

/** Chains per batch when seeding: bounded memory for any number of cases. */
export const DEMO_BATCH_SIZE = 5000;

/** Chains `from..to` (1-based, inclusive) that have records in `institution`'s database. */
export function generateChainBatch(options: DemoOptions, institution: DemoInstitution, from: number, to: number): DemoChain[] {
  const ref = demoReferenceData(options.seed);
  const chains: DemoChain[] = [];
  for (let i = from; i <= to; i++) {
    if (institution !== 'enforcement' && !scenarioReaches(chainScenario(options.seed, i, options.cases).scenario, institution)
      // A refused chain under filing supervision has the procuratorate's case.
      && !(institution === 'procuratorate' && demoSerials(options.seed, options.cases).filingSupervision.has(i))) continue;
    chains.push(generateChain(options.seed, i, options.cases, ref));
  }
  return chains;
}

/**
 * Streams the chains of a demo through `insert` in batches, generating batch k+1 while
 * batch k is being written. Calls `progress` with the number of chains done (of all
 * chains, whether or not they reach the institution). Returns the rows `insert` reports.
 */
export async function seedChainBatches(
  options: DemoOptions,
  institution: DemoInstitution,
  insert: (chains: DemoChain[]) => Promise<number>,
  progress?: (done: number) => void,
  batchSize = DEMO_BATCH_SIZE,
): Promise<number> {
  let written = 0;
  let failure: { error: unknown } | undefined;
  let pending: Promise<void> | undefined;
  for (let from = 1; from <= options.cases; from += batchSize) {
    const to = Math.min(options.cases, from + batchSize - 1);
    const chains = generateChainBatch(options, institution, from, to);
    if (pending) await pending;
    if (failure) throw failure.error;
    pending = insert(chains).then(
      (n) => {
        written += n;
        progress?.(to);
      },
      (error: unknown) => {
        failure = { error };
      },
    );
    // Let the first statement of the batch reach the server before generating the next.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (pending) await pending;
  if (failure) throw failure.error;
  return written;
}

/** Rows of a list of chains, for one table. */
export function collectRows<T>(chains: readonly DemoChain[], pick: (chain: DemoChain) => T | null | undefined | readonly T[]): T[] {
  const out: T[] = [];
  for (const chain of chains) {
    const v = pick(chain);
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) out.push(...(v as readonly T[]));
    else out.push(v as T);
  }
  return out;
}
