import { assessment } from './0014-assessment';
import { auditAppendRowsMigration, auditMigration, handoffMigration, overdueIndexMigration, seedMarkerMigration, workflowMigration } from '@xianjie/subgraph-kit';
import { initial, publishedIndex } from './0001-initial';
import { workflow } from './0005-workflow';
import { policeReplies } from './0006-police-replies';
import { search } from './0007-search';
import { supervision } from './0010-supervision';
import { opinionSuspectNames } from './0011-opinion-suspect-names';
import { filingSupervision } from './0012-filing-supervision';
import { registeredIndex } from './0016-registered-index';

/** In the order they run. */
export const migrations = {
  '0000-audit-log': auditMigration,
  '0000-seed-marker': seedMarkerMigration,
  '0001-initial': initial,
  '0002-published-index': publishedIndex,
  '0003-handoff': handoffMigration,
  '0004-workflow-tasks': workflowMigration,
  '0005-workflow': workflow,
  '0006-police-replies': policeReplies,
  '0007-search': search,
  '0010-supervision': supervision,
  '0010-overdue-index': overdueIndexMigration,
  '0011-opinion-suspect-names': opinionSuspectNames,
  '0012-filing-supervision': filingSupervision,
  '0014-assessment': assessment,
  '0016-registered-index': registeredIndex,
  '0017-audit-append-rows': auditAppendRowsMigration,
};
