import { auditMigration, handoffMigration, seedMarkerMigration } from '@xianjie/subgraph-kit';
import { initial } from './0001-initial';

/** In the order they run. */
export const migrations = {
  '0000-audit-log': auditMigration,
  '0000-seed-marker': seedMarkerMigration,
  '0001-initial': initial,
  '0002-handoff': handoffMigration,
};
