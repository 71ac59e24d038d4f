// `npm run audit:verify -- INSTITUTION`: checks an institution's hash-chained audit log
// and names the first broken entry. Exit code 0 when intact, 1 when broken, 2 on misuse.
import {
  createDatabase,
  databaseConfigFromEnv,
  describeDatabase,
  INSTITUTION_NAMES,
  institutionPort,
  verifyAuditChain,
  type InstitutionName,
} from '@xianjie/subgraph-kit';

const institution = process.argv[2];

(async () => {
  if (!institution || !(INSTITUTION_NAMES as readonly string[]).includes(institution)) {
    console.error(`usage: npm run audit:verify -- ${INSTITUTION_NAMES.join('|')}`);
    process.exit(2);
  }
  const config = databaseConfigFromEnv(institution);
  if (config.kind === 'pglite') {
    // PGlite is one process's database: reading it while its subgraph runs would corrupt it.
    const port = institutionPort(institution as InstitutionName);
    const running = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
    if (running) {
      console.error(`${institution} is running on its embedded PGlite database; stop it (Ctrl-C in npm start) and run this again.`);
      process.exit(2);
    }
  }
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
  console.error(`audit:verify failed: ${error.message}`);
  process.exit(2);
});
