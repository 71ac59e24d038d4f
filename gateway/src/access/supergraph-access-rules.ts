import { findAccessRule, type AccessRule } from '@xianjie/subgraph-kit';
import { Kind, parse } from 'graphql';

/** The `@access` rules every institution declared, as composed into the supergraph. */
export interface SupergraphAccessRules {
  /** Type-level rules, by type (or interface) name. */
  types: Map<string, AccessRule>;
  /** Field-level rules, by `Type.field`. */
  fields: Map<string, AccessRule>;
}

export function readAccessRules(supergraphSdl: string): SupergraphAccessRules {
  const rules: SupergraphAccessRules = { types: new Map(), fields: new Map() };
  for (const definition of parse(supergraphSdl).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    ) continue;
    const typeRule = findAccessRule(definition.directives);
    if (typeRule) rules.types.set(definition.name.value, typeRule);
    for (const field of definition.fields ?? []) {
      const fieldRule = findAccessRule(field.directives);
      if (fieldRule) rules.fields.set(`${definition.name.value}.${field.name.value}`, fieldRule);
    }
  }
  return rules;
}
