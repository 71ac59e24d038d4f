import { GraphQLError } from 'graphql';

/** A client's mistake: shown to the caller as BAD_USER_INPUT with what is wrong. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argumentName: argument } : {}) },
  });
}

/** A field or record the caller may not see. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** Lookups by `id` or `caseNumber` take exactly one of the two. */
export function requireOneKey(args: { id?: string | null; caseNumber?: string | null }): void {
  if ((args.id ? 1 : 0) + (args.caseNumber ? 1 : 0) !== 1) throw badUserInput('Give exactly one of id and caseNumber');
}

/** A record that a write names but that does not exist. */
export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}
