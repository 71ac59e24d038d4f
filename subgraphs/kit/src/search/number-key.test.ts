import { sql } from 'kysely';
import { createDatabase } from '../db/create-database';
import { numberKey, numberKeyMigration } from './number-key';

describe('number keys', () => {
  it('are the same for a number written with either brackets, spaces or a padded serial', () => {
    const court = numberKey('（2024）鄂1202刑初123号');
    expect(numberKey('(2024)鄂1202刑初123号')).toBe(court);
    expect(numberKey('［2024］鄂1202刑初0000123号')).toBe(court);
    expect(numberKey(' (2024) 鄂1202 刑初123号 ')).toBe(court);
    const procuratorate = numberKey('咸安检刑诉〔2024〕12号');
    expect(numberKey('咸安检刑诉[2024]12号')).toBe(procuratorate);
    expect(numberKey('咸安检刑诉(2024)0000012号')).toBe(procuratorate);
    expect(numberKey('咸安公（经）立字〔２０２４〕0000005号')).toBe(numberKey('咸安公(经)立字[2024]5号'));
  });

  it('keeps numbers apart that differ', () => {
    expect(numberKey('咸安检刑诉〔2024〕12号')).not.toBe(numberKey('咸安检刑诉〔2024〕120号'));
    expect(numberKey('（2024）鄂1202刑初123号')).not.toBe(numberKey('（2023）鄂1202刑初123号'));
    expect(numberKey('咸安检刑诉〔2024〕12号')).not.toBe(numberKey('咸检刑诉〔2024〕12号'));
  });
});

describe('xj_number_key() in SQL', () => {
  it('computes the same key as numberKey()', async () => {
    const database = await createDatabase<any>({ kind: 'pglite', dataDir: 'memory://' });
    try {
      await numberKeyMigration.up(database.db);
      const samples = [
        '（2024）鄂1202刑初123号', '(2024)鄂1202刑初0000123号', '［2024］鄂1202刑初123号', ' (2024) 鄂1202 刑初123号 ',
        '咸安检刑诉〔2024〕12号', '咸安公（经）立字〔２０２４〕0000005号', '咸市监罚决【2023】007号', '咸安市监立〔2026〕10号',
      ];
      for (const text of samples) {
        const { rows } = await sql<{ key: string }>`select xj_number_key(${text}) as key`.execute(database.db);
        expect(rows[0]!.key).toBe(numberKey(text));
      }
    } finally {
      await database.close();
    }
  });
});
