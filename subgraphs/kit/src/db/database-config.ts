import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where an institution's data lives: a PostgreSQL server, or an embedded PGlite directory. */
export type DatabaseConfig =
  | { kind: 'postgres'; url: string }
  | { kind: 'pglite'; dataDir: string | 'memory://' };

/**
 * The repository root (the directory whose package.json is the "xianjie" workspace), so the
 * default data directory does not depend on the working directory. Found by walking up from
 * this file, which is subgraphs/kit/src/db in development and a service's dist/ in the
 * production build (the kit is bundled into it).
 */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'xianjie') return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../../..');
  }
}

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
