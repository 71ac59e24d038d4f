import { sql } from 'kysely';
import { createDatabase, type Database } from './create-database';
import { keyedStatement } from './keyed-statement';

interface Db {
  person: { id: string; name: string; region: string };
}

let database: Database<Db>;

beforeAll(async () => {
  database = await createDatabase<Db>({ kind: 'pglite', dataDir: 'memory://' });
  await sql`create table person (id text primary key, name text not null, region text not null)`.execute(database.db);
  await sql`insert into person values ('p1', '张三', '421202'), ('p2', '李四', '421202'), ('p3', '王五', '421221'), ('p''4', '赵六', '421221')`.execute(database.db);
});

afterAll(() => database.close());

describe('keyedStatement: a statement compiled once, run with each batch of keys', () => {
  const byId = keyedStatement((db: Database<Db>['db'], keys) => db.selectFrom('person').select(['id', 'name']).where('id', '=', keys).orderBy('id'));
  const byRegion = keyedStatement((db: Database<Db>['db'], keys) => db.selectFrom('person').selectAll().where('region', '=', keys).orderBy('id'));

  it('reads the rows of the keys it is given, whatever their number (quotes included)', async () => {
    expect(await byId(database.db, ['p2'])).toEqual([{ id: 'p2', name: '李四' }]);
    expect(await byId(database.db, ['p3', 'p1', "p'4", 'nobody'])).toEqual([
      { id: "p'4", name: '赵六' },
      { id: 'p1', name: '张三' },
      { id: 'p3', name: '王五' },
    ]);
    expect(await byId(database.db, [])).toEqual([]);
    expect(await byRegion(database.db, ['421221'])).toEqual([
      { id: "p'4", name: '赵六', region: '421221' },
      { id: 'p3', name: '王五', region: '421221' },
    ]);
  });

  it('compiles once per database and form (one key, several), not per call', async () => {
    let built = 0;
    const counted = keyedStatement((db: Database<Db>['db'], keys) => {
      built += 1;
      return db.selectFrom('person').select('id').where('id', '=', keys);
    });
    for (const keys of [['p1'], ['p1', 'p2'], ['p3'], ['p2', 'p3', 'p1']]) await counted(database.db, keys);
    expect(built).toBe(2);
    // A transaction is another Kysely instance: compiled for it, run on its connection.
    await database.db.transaction().execute(async (tx) => {
      expect(await counted(tx, ['p2'])).toEqual([{ id: 'p2' }]);
    });
    expect(built).toBe(3);
  });

  it('refuses a statement that takes a value besides its keys (it would be kept from the first call)', async () => {
    const region = '421202';
    const wrong = keyedStatement((db: Database<Db>['db'], keys) => db.selectFrom('person').select('id').where('id', '=', keys).where('region', '=', region));
    await expect(wrong(database.db, ['p1'])).rejects.toThrow(/must have its keys as its one parameter/);
    const keysUnused = keyedStatement((db: Database<Db>['db']) => db.selectFrom('person').select('id'));
    await expect(keysUnused(database.db, ['p1'])).rejects.toThrow(/must have its keys as its one parameter/);
  });
});
