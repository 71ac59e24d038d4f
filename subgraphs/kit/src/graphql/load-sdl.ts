import { readFileSync } from 'node:fs';
import { parse, type DocumentNode } from 'graphql';
import { federationHeader } from './federation-header';

/**
 * Reads an institution's SDL files (`schema.graphql`, the read side; `workflow.graphql`,
 * its steps) and prefixes the shared federation head.
 */
export function loadSdl(...files: string[]): DocumentNode {
  return parse(federationHeader + files.map((file) => readFileSync(file, 'utf8')).join('\n'));
}

/** Merges resolver maps type by type (the read side's and the steps'). */
export function mergeResolvers<T extends Record<string, unknown>>(...maps: Record<string, unknown>[]): T {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const existing = merged[type];
      merged[type] = existing && typeof existing === 'object' && fields && typeof fields === 'object' && !('serialize' in (fields as object))
        ? { ...(existing as object), ...(fields as object) }
        : fields;
    }
  }
  return merged as T;
}
