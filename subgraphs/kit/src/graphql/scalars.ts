import { GraphQLError, GraphQLScalarType, isScalarType, Kind, print, valueFromASTUntyped, type GraphQLSchema } from 'graphql';

const MONEY = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

/** Integer fen (as stored: bigint, decimal string or safe integer) to yuan with two decimals. */
export function fenToYuan(fen: string | number | bigint): string {
  const value = BigInt(fen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Yuan as a decimal string ("50000.00", "12.5", "3") to integer fen, as a decimal string. */
export function yuanToFen(yuan: string): string {
  if (!MONEY.test(yuan)) {
    throw new GraphQLError(`Money must be a non-negative decimal string in yuan with at most two decimals, got "${yuan}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  const [whole, fraction = ''] = yuan.split('.');
  return (BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'))).toString();
}

/**
 * Money: yuan as a decimal string with two decimals ("50000.00"), stored as integer fen.
 * A string, because amounts exceed GraphQL's 32-bit Int and floats lose fen.
 */
export const MoneyScalar = new GraphQLScalarType({
  name: 'Money',
  description: 'An amount in yuan, as a decimal string with two decimals ("50000.00"); stored as integer fen.',
  serialize: (value) => fenToYuan(value as string | number | bigint),
  parseValue: (value) => yuanToFen(String(value)),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Money must be a string such as "50000.00"');
    return yuanToFen(ast.value);
  },
});

// RFC 3339's profile of ISO 8601: date, `T`, time with seconds, an optional fraction, an offset.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The fields the pattern matched name a day that exists and a valid time and offset. */
function isRealDateTime(fields: number[]): boolean {
  const [year, month, day, hour, minute, second, offsetHour = 0, offsetMinute = 0] = fields as [number, number, number, number, number, number, number?, number?];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  return days !== undefined && day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 59 && offsetHour <= 23 && offsetMinute <= 59;
}

/**
 * A client's date-time: RFC 3339 (ISO 8601 with seconds and a UTC offset) naming a day that
 * exists, at an instant in the years 0001–9999 (what ISO 8601's four-digit years and
 * PostgreSQL can hold). Anything else is refused with the format expected: JavaScript's Date
 * reads "1" as 2001 and "2024-02-30" as 1 March, and a year past 9999 reached the database
 * as an internal error.
 */
export function parseDateTime(value: unknown): Date {
  const match = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  const fields = match?.slice(1).flatMap((field) => (field === undefined ? [] : [Number(field)]));
  const date = fields && isRealDateTime(fields) ? new Date(value as string) : undefined;
  const year = date?.getUTCFullYear() ?? 0;
  if (!date || year < 1 || year > 9999) {
    throw new GraphQLError(
      `DateTime must be an ISO 8601 date-time with a UTC offset, in the years 0001 to 9999, e.g. "2024-03-01T09:00:00+08:00" or "2024-03-01T01:00:00Z"; got ${JSON.stringify(value)}`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return date;
}

/** DateTime: an ISO 8601 instant; answered in UTC, e.g. "2024-03-18T02:00:00.000Z". */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO 8601 date-time with a UTC offset, e.g. "2024-03-01T09:00:00+08:00"; answered in UTC ("2024-03-01T01:00:00.000Z").',
  // A stored value: a Date, or the driver's timestamp string (an invalid one throws, as an internal error).
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : print(ast)),
});

export const scalarResolvers = { Money: MoneyScalar, DateTime: DateTimeScalar };

/**
 * The gateway's schema, built from the supergraph, takes any value for a custom scalar and
 * a subgraph then refused it without a reason the client could read. This gives the
 * gateway's scalars the subgraphs' checks, so a malformed Money or DateTime is refused at
 * the gateway, before planning, with the subgraph's message. The value the client sent is
 * passed on unchanged (the subgraph converts it).
 */
export function checkScalarsAsSubgraphsDo(schema: GraphQLSchema): void {
  for (const scalar of Object.values(scalarResolvers)) {
    const type = schema.getType(scalar.name);
    if (!isScalarType(type)) continue;
    type.parseValue = (value) => {
      scalar.parseValue(value);
      return value;
    };
    type.parseLiteral = (ast, variables) => {
      scalar.parseLiteral(ast, variables);
      return valueFromASTUntyped(ast, variables);
    };
  }
}
