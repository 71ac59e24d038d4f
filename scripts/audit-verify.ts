// `npm run audit:verify -- INSTITUTION`: checks an institution's hash-chained audit log
// and names the first broken entry. Exit code 0 when intact, 1 when broken, 2 on misuse.
import { createDatabase, databaseConfigFromEnv, describeDatabase, INSTITUTION_NAMES, verifyAuditChain } from '@xianjie/subgraph-kit';

const institution = process.argv[2];

(async () => {
  if (!institution || !(INSTITUTION_NAMES as readonly string[]).includes(institution)) {
    console.error(`usage: npm run audit:verify -- ${INSTITUTION_NAMES.join('|')}`);
    process.exit(2);
  }
  const config = databaseConfigFromEnv(institution);
  // Over PGlite, opening the directory takes its lock, which refuses while the subgraph (or
  // anything else) has it open, whatever port or host it serves on: reading a PGlite
  // directory another process has open would corrupt it.
  const database = await createDatabase(config);
  let intact = false;
  try {
    const started = Date.now();
    const result = await verifyAuditChain(database.db);
    const where = describeDatabase(config);
    intact = result.ok;
    if (result.ok) {
      console.log(`${institution}: audit chain intact, ${result.entries} entries verified (${where}, ${Date.now() - started} ms)`);
    } else {
      console.log(`${institution}: audit chain BROKEN at entry ${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.entries} entries before it verified; ${where})`);
    }
  } finally {
    await database.close();
  }
  process.exit(intact ? 0 : 1);
})().catch((error: Error) => {
  // Which database was read: a verification that failed must say where it looked.
  let where: string | undefined;
  try {
    where = describeDatabase(databaseConfigFromEnv(institution!));
  } catch {
    // The configuration itself is what failed: its message says so.
  }
  if (/relation "audit_log" does not exist/.test(error.message)) {
    console.error(
      `audit:verify: ${where} has no audit log: it is not ${institution}'s database, or ${institution}'s subgraph never migrated it ` +
        `(set XIANJIE_${institution!.toUpperCase()}_DATABASE_URL, or XIANJIE_DATA_DIR for PGlite, as the subgraph runs)`,
    );
  } else console.error(`audit:verify failed: ${error.message}${where ? ` (${where})` : ''}`);
  process.exit(2);
});
