/**
 * The four institutions, in the order of the case chain, with the port each subgraph
 * listens on by default (XIANJIE_<INSTITUTION>_PORT overrides it). The one list the
 * scripts, the gateway configuration and the composition read.
 */
export const INSTITUTIONS = [
  { name: 'enforcement', port: 4001 },
  { name: 'police', port: 4002 },
  { name: 'procuratorate', port: 4003 },
  { name: 'court', port: 4004 },
] as const;

export type InstitutionName = (typeof INSTITUTIONS)[number]['name'];

export const INSTITUTION_NAMES: readonly InstitutionName[] = INSTITUTIONS.map((i) => i.name);

/** An institution's subgraph port: XIANJIE_<INSTITUTION>_PORT, else its default. */
export function institutionPort(name: InstitutionName, env = process.env): number {
  const fallback = INSTITUTIONS.find((i) => i.name === name)!.port;
  return Number(env[`XIANJIE_${name.toUpperCase()}_PORT`] ?? fallback);
}
