import path from 'node:path';

/** Where an institution's data lives: a PostgreSQL server, or an embedded PGlite directory. */
export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | 'memory://' };

/** The repository root, so the default data directory does not depend on the working directory. */
export const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * Resolves an institution's database from the environment:
 * `XIANJIE_<INSTITUTION>_DATABASE_URL` selects PostgreSQL; otherwise PGlite under
 * `XIANJIE_DATA_DIR` (default `<repo>/.data`), one directory per institution.
 */
export function databaseConfigFromEnv(institution: string, env = process.env): DatabaseConfig {
  const url = env[`XIANJIE_${institution.toUpperCase()}_DATABASE_URL`];
  if (url) return { kind: 'postgres', url };
  const base = env.XIANJIE_DATA_DIR ?? path.join(repoRoot, '.data');
  return { kind: 'pglite', dataDir: path.join(base, institution) };
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'pglite') return `PGlite ${config.dataDir}`;
  const url = new URL(config.url);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
