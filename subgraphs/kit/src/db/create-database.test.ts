import { sql } from 'kysely';
import { createDatabase, type Database } from './create-database';

let database: Database<{ item: { id: string } }>;

beforeAll(async () => {
  database = await createDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await sql`create table item (id text primary key)`.execute(database.db);
});

afterAll(() => database.close());

describe('createDatabase: the statements a request costs', () => {
  it('counts every statement on db, and none of the background work on the same connections', async () => {
    database.statements.count = 0;
    await database.db.insertInto('item').values({ id: 'a' }).execute();
    await sql`select 1`.execute(database.db);
    expect(database.statements.count).toBe(2);

    // The hand-off deliverer's polling and the metrics' backlog query run here, beside requests.
    await database.background.selectFrom('item').selectAll().execute();
    await sql`select count(*) from item`.execute(database.background);
    await database.background.updateTable('item').set({ id: 'b' }).where('id', '=', 'a').execute();
    expect(database.statements.count).toBe(2);
    // The same database: what the background wrote, requests read.
    expect(await database.db.selectFrom('item').select('id').execute()).toEqual([{ id: 'b' }]);
    expect(database.statements.count).toBe(3);
  });
});
