/**
 * Limits read from the environment: each key's variable, when set, must be a positive
 * whole number (a clear error at start-up otherwise); unset keys keep their default.
 */
export function wholeNumbersFromEnv<T extends { [K in keyof T]: number }>(defaults: T, names: Record<keyof T, string>, env: NodeJS.ProcessEnv): T {
  const values = { ...defaults };
  for (const key of Object.keys(names) as (keyof T)[]) {
    const name = names[key];
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
    values[key] = value as T[keyof T];
  }
  return values;
}
