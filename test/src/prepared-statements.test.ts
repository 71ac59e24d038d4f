import { createDatabase, type Database } from '@xianjie/subgraph-kit';
import { sql, type Kysely } from 'kysely';
import { createPostgresDatabases, TEST_DATABASE_URL } from './harness';

interface Db {
  lookup: { id: string; label: string };
}

/** A database over one connection (so pg_prepared_statements shows what its statements left), with XIANJIE_PG_PREPARE as given. */
async function openDatabase(url: string, prepare: string | undefined): Promise<Database<Db>> {
  const saved = { size: process.env.XIANJIE_PG_POOL_SIZE, prepare: process.env.XIANJIE_PG_PREPARE };
  process.env.XIANJIE_PG_POOL_SIZE = '1';
  if (prepare === undefined) delete process.env.XIANJIE_PG_PREPARE;
  else process.env.XIANJIE_PG_PREPARE = prepare;
  try {
    return await createDatabase<Db>({ kind: 'postgres', url }, 'prepared-test');
  } finally {
    for (const [name, value] of [['XIANJIE_PG_POOL_SIZE', saved.size], ['XIANJIE_PG_PREPARE', saved.prepare]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const prepared = async (db: Kysely<Db>) =>
  (await sql<{ statement: string }>`select statement from pg_prepared_statements order by statement`.execute(db)).rows.map((r) => r.statement);

(TEST_DATABASE_URL ? describe : describe.skip)('statements prepared once per PostgreSQL connection', () => {
  let databases: Awaited<ReturnType<typeof createPostgresDatabases>>;
  let url: string;
  beforeAll(async () => {
    databases = await createPostgresDatabases(['prepared']);
    url = (databases.configs[0] as { url: string }).url;
    const setup = await openDatabase(url, 'false');
    await sql`create table lookup (id text primary key, label text not null)`.execute(setup.db);
    await sql`insert into lookup values ('a', '甲'), ('b', '乙'), ('c', '丙')`.execute(setup.db);
    await setup.close();
  });
  afterAll(() => databases?.drop());

  it('names a lookup with parameters, and leaves pages (LIMIT) and statements without parameters unnamed', async () => {
    const database = await openDatabase(url, undefined);
    try {
      const { db } = database;
      for (const id of ['a', 'b', 'a']) {
        expect(await db.selectFrom('lookup').selectAll().where('id', 'in', [id]).execute()).toEqual([{ id, label: { a: '甲', b: '乙' }[id] }]);
      }
      expect(await db.selectFrom('lookup').select('id').where('id', '>', 'a').orderBy('id').limit(1).execute()).toEqual([{ id: 'b' }]);
      await sql`select count(*) from lookup`.execute(db);
      expect(await prepared(db)).toEqual(['select * from "lookup" where "id" in ($1)']);
    } finally {
      await database.close();
    }
  });

  it('prepares the text again when a migration changed its table under the kept plan', async () => {
    const database = await openDatabase(url, undefined);
    try {
      const { db } = database;
      const read = () => db.selectFrom('lookup').selectAll().where('id', '=', 'c').execute();
      for (let k = 0; k < 6; k++) expect(await read()).toEqual([{ id: 'c', label: '丙' }]);
      await sql`alter table lookup add column note text`.execute(db);
      // PostgreSQL refuses the kept statement ("cached plan must not change result type");
      // the answer is the row as the table is now.
      expect(await read()).toEqual([{ id: 'c', label: '丙', note: null }]);
      expect((await prepared(db)).filter((s) => s === 'select * from "lookup" where "id" = $1')).toHaveLength(2);
    } finally {
      await sql`alter table lookup drop column note`.execute(database.db);
      await database.close();
    }
  });

  it('prepares nothing with XIANJIE_PG_PREPARE=false (a pooler in transaction mode)', async () => {
    const database = await openDatabase(url, 'false');
    try {
      expect(await database.db.selectFrom('lookup').selectAll().where('id', 'in', ['a']).execute()).toHaveLength(1);
      expect(await prepared(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
