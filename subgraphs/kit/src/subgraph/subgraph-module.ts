import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import type { Kysely, Migration, Transaction } from 'kysely';
import type { AccessContext } from '../access/apply-access-rules';
import type { AuditCollector, AuditLatency } from '../audit/audit-log';
import type { RequestObservation } from '../observability/request';
import type { Viewer } from '../auth/viewer';
import type { DemoOptions } from '../demo/demo-options';
import type { HandoffDocument, SignedDocument } from '../handoff/document';
import type { InboxHandler } from '../handoff/outbox';
import type { InstitutionName } from '../institutions';
import type { CryptoKey } from 'jose';

/** A request's context in every subgraph. */
export interface SubgraphContext<DB = any, L = any> extends AccessContext {
  db: Kysely<DB>;
  loaders: L;
  viewer: Viewer;
  requestId: string;
  /** The request's ids, its logger (`observation.log`: requestId and traceId on every line) and what the metrics count. */
  observation: RequestObservation;
  audit: AuditCollector;
  /** Times each audit append (the subgraph's metrics). */
  auditLatency?: AuditLatency;
  /** Sends a document to another institution: signed and written to the outbox in the step's transaction. */
  handoff: {
    send(tx: Transaction<DB>, document: HandoffDocument): Promise<SignedDocument>;
    /** Every institution's document public key (what the inbox verifies with; the court's confirmation too). */
    publicKeys: Partial<Record<InstitutionName, CryptoKey>>;
  };
}

/**
 * What an institution's subgraph is made of. Every subgraph exports one of these from
 * `src/subgraph.ts`; the kit turns it into a running server, so the four are started,
 * migrated, seeded, authenticated and audited the same way.
 */
export interface SubgraphModule<DB = any, L = any> {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<DB, L>>;
  /** Kysely migrations, by name in the order they run. */
  migrations: Record<string, Migration>;
  /** Per-request DataLoaders: every lookup is batched into one SQL statement. */
  createLoaders(db: Kysely<DB>, viewer: Viewer): L;
  /**
   * Inserts this institution's share of the demo data; returns the number of rows written.
   * With `documentKey`, the hand-offs it sent on the seeded chains are signed with it (its outbox).
   */
  seed(db: Kysely<DB>, options: DemoOptions, progress?: (done: number) => void, documentKey?: CryptoKey): Promise<number>;
  /** The documents this institution receives from others, by kind, and the record each opens. */
  inbox?: Record<string, InboxHandler<DB>>;
}
