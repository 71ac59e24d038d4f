import { assessment } from './0014-assessment';
import { auditAppendRowsMigration, auditMigration, handoffMigration, overdueIndexMigration, seedMarkerMigration, workflowMigration } from '@xianjie/subgraph-kit';
import { initial } from './0001-initial';
import { suspectNames } from './0002-suspect-names';
import { workflow } from './0005-workflow';
import { search } from './0007-search';
import { judgmentNotice } from './0009-judgment-notice';
import { supervision } from './0010-supervision';
import { filingSupervision } from './0012-filing-supervision';
import { supervisionNames } from './0015-supervision-names';

/** In the order they run. */
export const migrations = {
  '0000-audit-log': auditMigration,
  '0000-seed-marker': seedMarkerMigration,
  '0001-initial': initial,
  '0002-suspect-names': suspectNames,
  '0003-handoff': handoffMigration,
  '0004-workflow-tasks': workflowMigration,
  '0005-workflow': workflow,
  '0007-search': search,
  '0009-judgment-notice': judgmentNotice,
  '0010-supervision': supervision,
  '0010-overdue-index': overdueIndexMigration,
  '0012-filing-supervision': filingSupervision,
  '0014-assessment': assessment,
  '0015-supervision-names': supervisionNames,
  '0017-audit-append-rows': auditAppendRowsMigration,
};
