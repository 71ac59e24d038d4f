import { readFileSync } from 'node:fs';
import { validate } from 'graphql';
import { apiSchema, CONTRACT_COPY_PATH, contractOperations, contractSource } from './contract';
import { permissionsDocument } from './permissions-doc';
import { composeSupergraph, PERMISSIONS_PATH, readCommittedSupergraph } from './supergraph';

describe('the composed supergraph', () => {
  const composed = composeSupergraph();

  it('is committed up to date (run `npm run compose` after changing a subgraph schema)', () => {
    expect(readCommittedSupergraph()).toBe(composed);
  });

  it('has its permission document generated from the same SDL', () => {
    const doc = permissionsDocument(composed);
    expect(readFileSync(PERMISSIONS_PATH, 'utf8')).toBe(doc);
    expect(doc).toContain('| `PoliceCase.investigationNotes` | police | — | — | yes | yes | — | — |');
  });

  it('keeps the @access directive so the gateway and other routers can read the rules', () => {
    expect(composed).toContain('@link(url: "https://xianjie.example/access/v1.0", import: ["@access"])');
    expect(composed).toMatch(/directive @access\(/);
    expect(composed).toMatch(/investigationNotes: \[String!\].*@access\(allow: \["police", "procurator"\]\)/);
  });

  const operations = contractOperations();
  it('has every contract operation to check', () => {
    expect(Object.keys(operations).sort()).toEqual(
      ['AdministrativeCases', 'CaseChain', 'CourtConfirmsUpstream', 'FromPenaltyToJudgment', 'PublishedDecisions', 'SunshineAgency'].sort(),
    );
  });

  const schema = apiSchema(composed);
  it.each(Object.keys(operations))('validates contract operation %s exactly as written', (name) => {
    const errors = validate(schema, operations[name]!);
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('keeps its copy of the contract identical to the shared one', () => {
    const source = contractSource();
    if (source.path === CONTRACT_COPY_PATH) return; // no shared/ beside this clone: the copy is all there is
    expect(readFileSync(CONTRACT_COPY_PATH, 'utf8')).toBe(source.text);
  });
});
