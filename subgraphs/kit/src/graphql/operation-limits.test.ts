import { buildSchema, getIntrospectionQuery, getOperationAST, graphqlSync, parse } from 'graphql';
import {
  analyzeOperation,
  DEFAULT_OPERATION_LIMITS,
  describeExcess,
  operationLimitsFromEnv,
  readListSizes,
  subgraphOperationLimits,
} from './operation-limits';

const SDL = /* GraphQL */ `
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!]) on FIELD_DEFINITION

  type Query {
    accounts(first: Int!): [Account!]! @listSize(slicingArguments: ["first"])
    users(first: Int!): UserConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"])
    usersByIds(ids: [ID!]!): [User]!
    tags: [String!]! @listSize(assumedSize: 4)
    undeclared: [String!]!
    _entities(representations: [_Any!]!): [Entity]!
  }
  scalar _Any
  union Entity = User | Admin
  interface Account { id: ID! }
  type User implements Account { id: ID! name: String posts: [Post!]! @listSize(assumedSize: 10) }
  type Admin implements Account { id: ID! permissions: [String!]! @listSize(assumedSize: 3) }
  type Post { id: ID! title: String }
  type UserConnection { edges: [UserEdge!]! @listSize(assumedSize: 100) }
  type UserEdge { node: User! }
`;
const schema = buildSchema(SDL);
const sizes = readListSizes(parse(SDL));

const analyze = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return analyzeOperation(schema, document, getOperationAST(document)!, variables, sizes);
};

describe('analyzeOperation', () => {
  it('reads list sizes from @listSize', () => {
    expect(sizes.get('Query.users')).toEqual({ assumedSize: undefined, slicingArguments: ['first'], sizedFields: ['edges'] });
    expect(sizes.get('User.posts')).toEqual({ assumedSize: 10, slicingArguments: [], sizedFields: [] });
  });

  it('sizes a list by its slicing argument, its keys, or its declared size', () => {
    expect(analyze('{ accounts(first: 7) { id } }').cost).toBe(7 * 2);
    expect(analyze('query($n: Int!) { accounts(first: $n) { id } }', { n: 30 }).cost).toBe(30 * 2);
    expect(analyze('query($ids: [ID!]!) { usersByIds(ids: $ids) { id } }', { ids: ['1', '2', '3'] }).cost).toBe(3 * 2);
    expect(analyze('{ usersByIds(ids: ["1", "2"]) { id } }').cost).toBe(2 * 2);
    expect(analyze('{ tags }').cost).toBe(4);
    // A connection's `first` sizes its edges: 25 edges, each an edge, a node and its id.
    expect(analyze('{ users(first: 25) { edges { node { id } } } }').cost).toBe(1 + 25 * 3);
    // Without the argument, the edges count as their own declared size.
    expect(analyze('query($n: Int!) { users(first: $n) { edges { node { id } } } }').cost).toBe(1 + 100 * 3);
    expect(analyze('{ undeclared }').cost).toBe(20);
  });

  it('counts every selection, meta-fields included', () => {
    expect(analyze('{ accounts(first: 100) { __typename } }').cost).toBe(100 * 2);
    expect(analyze('{ accounts(first: 100) { a: __typename b: __typename c: __typename } }')).toMatchObject({ cost: 100 * 4, aliases: 3 });
  });

  it('counts an abstract item as the costliest type it can be, each type counting only the fragments that apply to it', () => {
    const query = `{ accounts(first: 10) {
      id
      ... on User { name posts { id title } }
      ... on Admin { permissions }
      ... on Account { id }
    } }`;
    // User: id, name, 10 posts × 3, id = 33; Admin: id, 3 permissions, id = 5. Per item 1 + 33.
    expect(analyze(query).cost).toBe(10 * 34);
    // The same through named fragments.
    const named = `{ accounts(first: 10) { id ...U ...A ...Acc } }
      fragment U on User { name posts { id title } }
      fragment A on Admin { permissions }
      fragment Acc on Account { id }`;
    expect(analyze(named).cost).toBe(10 * 34);
  });

  it("counts each of federation's representations as its own __typename", () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on User { name posts { id } }
      ... on Admin { permissions }
    } }`;
    const r = [...Array(6).fill({ __typename: 'User', id: '1' }), ...Array(4).fill({ __typename: 'Admin', id: '2' })];
    // 6 users × (1 + 1 + 10 × 2) + 4 admins × (1 + 3)
    expect(analyze(query, { r }).cost).toBe(6 * 22 + 4 * 4);
  });

  it('counts a fragment once for every place it is spread, without walking it again', () => {
    let query = 'query { ...F0 }\n';
    for (let i = 0; i < 40; i++) query += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
    query += 'fragment F40 on Query { a: __typename @include(if: true) }';
    expect(analyze(query)).toEqual({ cost: 2 ** 40, aliases: 2 ** 40, directives: 2 ** 40, depth: 0 });
  });

  it('counts a list as at least one item, so nothing written escapes the estimate', () => {
    const bomb = (list: string, close = '') => {
      let query = `{ ${list} { ...F0 } ${close} }\n`;
      for (let i = 0; i < 30; i++) query += `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }\n`;
      return `${query}fragment F30 on User { id }`;
    };
    expect(analyze(bomb('usersByIds(ids: [])')).cost).toBe(1 + 2 ** 30);
    expect(analyze(bomb('users(first: 0) { edges { node', '} }')).cost).toBe(1 + 1 * (2 + 2 ** 30));
  });

  it('measures depth through fragments', () => {
    expect(analyze('{ users(first: 1) { ...E } } fragment E on UserConnection { edges { node { posts { id } } } }').depth).toBe(4);
  });

  it('counts introspection as the values the schema gives it', () => {
    const query = getIntrospectionQuery();
    const result = graphqlSync({ schema, source: query });
    let values = 0;
    const count = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(count);
      values++;
      if (value && typeof value === 'object') Object.values(value).forEach(count);
    };
    count(result.data!.__schema);
    const { cost } = analyze(query);
    // Exact but for lists answered null, which the estimate counts as empty.
    expect(cost).toBeGreaterThan(values * 0.8);
    expect(cost).toBeLessThanOrEqual(values + 1);
  });
});

describe('limits', () => {
  it('describes what exceeds them', () => {
    expect(describeExcess({ cost: 30_000, depth: 16, aliases: 16, directives: 51 }, DEFAULT_OPERATION_LIMITS)).toEqual([
      '16 aliases (at most 15)',
      '51 directives (at most 50)',
      'depth 16 (at most 15)',
      'an estimated 30,000 values (at most 25,000)',
    ]);
    expect(describeExcess({ cost: 25_000, depth: 15, aliases: 15, directives: 50 }, DEFAULT_OPERATION_LIMITS)).toEqual([]);
  });

  it('are configuration, refused when not a positive whole number', () => {
    expect(operationLimitsFromEnv({ XIANJIE_MAX_ALIASES: '30', XIANJIE_MAX_TOKENS: '' })).toEqual({ ...DEFAULT_OPERATION_LIMITS, maxAliases: 30 });
    expect(() => operationLimitsFromEnv({ XIANJIE_MAX_COST: 'lots' })).toThrow('XIANJIE_MAX_COST must be a positive whole number, got "lots"');
    expect(subgraphOperationLimits(DEFAULT_OPERATION_LIMITS)).toMatchObject({ maxTokens: 10_000, maxCost: 50_000, maxAliases: 15 });
  });
});
