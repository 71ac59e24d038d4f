import { createDatabase } from '@xianjie/subgraph-kit';
(async () => {
  const d = await createDatabase({ kind: 'pglite', dataDir: '/work/main/.data/police' });
  console.log('opened');
  try { await d.close(); console.log('closed'); } catch (e) { console.log('close failed', e); }
  const fs = await import('node:fs');
  console.log('lock exists', fs.existsSync('/work/main/.data/police/xianjie.lock'));
})();
