import { assessment } from './0014-assessment';
import { auditAppendRowsMigration, auditMigration, handoffMigration, overdueIndexMigration, seedMarkerMigration, workflowMigration } from '@xianjie/subgraph-kit';
import { initial } from './0001-initial';
import { workflow } from './0003-workflow';
import { linkageSteps } from './0005-linkage-steps';
import { search } from './0007-search';
import { nonProsecution } from './0009-non-prosecution';
import { filingSupervision } from './0012-filing-supervision';
import { personNames } from './0015-person-names';

/** In the order they run. */
export const migrations = {
  '0000-audit-log': auditMigration,
  '0000-seed-marker': seedMarkerMigration,
  '0001-initial': initial,
  '0002-handoff': handoffMigration,
  '0003-workflow-tasks': workflowMigration,
  '0004-workflow': workflow,
  '0005-linkage-steps': linkageSteps,
  '0007-search': search,
  '0009-non-prosecution': nonProsecution,
  '0010-overdue-index': overdueIndexMigration,
  '0012-filing-supervision': filingSupervision,
  '0014-assessment': assessment,
  '0015-person-names': personNames,
  '0017-audit-append-rows': auditAppendRowsMigration,
};
