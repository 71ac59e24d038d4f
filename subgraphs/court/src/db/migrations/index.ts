import { assessment } from './0014-assessment';
import { auditAppendRowsMigration, auditMigration, handoffMigration, overdueIndexMigration, seedMarkerMigration, workflowMigration } from '@xianjie/subgraph-kit';
import { initial } from './0001-initial';
import { workflow } from './0004-workflow';
import { search } from './0007-search';

/** In the order they run. */
export const migrations = {
  '0000-audit-log': auditMigration,
  '0000-seed-marker': seedMarkerMigration,
  '0001-initial': initial,
  '0002-handoff': handoffMigration,
  '0003-workflow-tasks': workflowMigration,
  '0004-workflow': workflow,
  '0007-search': search,
  '0010-overdue-index': overdueIndexMigration,
  '0014-assessment': assessment,
  '0017-audit-append-rows': auditAppendRowsMigration,
};
