/** What the deterministic demo generator makes: the same options give the same data, byte for byte. */
export interface DemoOptions {
  /** PRNG seed. */
  seed: number;
  /** How many case chains (administrative cases) to generate. */
  cases: number;
}

export const DEFAULT_DEMO: DemoOptions = { seed: 421200, cases: 600 };
