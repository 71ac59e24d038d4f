import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

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

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime must be an ISO 8601 date-time, got "${String(value)}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

/** DateTime: an ISO 8601 instant, e.g. "2024-03-18T02:00:00.000Z". */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO 8601 date-time in UTC, e.g. "2024-03-18T02:00:00.000Z".',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return toDate(ast.value);
  },
});

export const scalarResolvers = { Money: MoneyScalar, DateTime: DateTimeScalar };
