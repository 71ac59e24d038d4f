import { parse, print, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { op } from './operations';
import { DIALECTS, startStack, type Stack } from './harness';

/** The contract's CaseChain selection, asked for `ids.length` chains at once. */
function manyChains(ids: string[]): string {
  const operation = parse(op.CaseChain).definitions[0] as OperationDefinitionNode;
  const selection = print((operation.selectionSet.selections[0] as FieldNode).selectionSet!);
  return `query ManyChains { caseChains(ids: ${JSON.stringify(ids)}) ${selection} }`;
}

const chainIds = (n: number) => Array.from({ length: n }, (_, i) => `XJ-${String(i + 1).padStart(7, '0')}`);

for (const dialect of DIALECTS) {
  describe(`SQL statements per request (${dialect})`, () => {
    let stack: Stack;
    let procurator: string;
    beforeAll(async () => {
      stack = await startStack(dialect);
      procurator = await stack.token('procurator', 'PP-421200');
    });
    afterAll(() => stack?.stop());

    async function countFor(query: string, variables?: Record<string, unknown>) {
      stack.statements();
      const res = await stack.query(query, variables, procurator);
      expect(res.errors).toBeUndefined();
      return { counts: stack.statements(), data: res.data };
    }

    it('costs the same for the chain query of 50 cases as for 1', async () => {
      const one = await countFor(manyChains(['XJ-0000005'])); // a judged chain: every stage present
      const fifty = await countFor(manyChains(chainIds(50)));
      expect(fifty.data.caseChains).toHaveLength(50);
      expect(fifty.data.caseChains.filter((c: any) => c.trial).length).toBeGreaterThan(0);
      expect(fifty.counts).toEqual(one.counts);
      // Every subgraph was asked, and none ran more than a handful of statements.
      for (const count of Object.values(one.counts)) expect(count).toBeGreaterThan(0);
      // The agencies' side: the case with its decision, transfer and agency in one
      // statement, and the audit entry of the party's ID number read.
      expect(one.counts.enforcement).toBe(2);
      // The police: the case with its suspects in one statement, and the audit entry.
      expect(one.counts.police).toBe(2);
      console.log(`[${dialect}] statements for CaseChain x1: ${JSON.stringify(one.counts)}; x50: ${JSON.stringify(fifty.counts)}`);
    });

    it('costs the same for a list page of 50 cases as for 1', async () => {
      const one = await countFor(op.AdministrativeCases, { first: 1 });
      const fifty = await countFor(op.AdministrativeCases, { first: 50 });
      expect(fifty.data.administrativeCases.edges).toHaveLength(50);
      expect(fifty.counts).toEqual(one.counts);
      // The page with each case's decision, transfer and agency in one statement; its count; the audit entry.
      expect(one.counts.enforcement).toBe(3);
      console.log(`[${dialect}] statements for AdministrativeCases first:1 ${JSON.stringify(one.counts)}; first:50 ${JSON.stringify(fifty.counts)}`);
    });
  });
}
