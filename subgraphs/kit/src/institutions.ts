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

export const DEFAULT_GATEWAY_PORT = 4000;

/**
 * The ports browsers and Node's own fetch refuse to connect to (the fetch standard's "bad
 * ports", https://fetch.spec.whatwg.org/#port-blocking): a service there could not be
 * reached by a browser, a health check or a client using fetch.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/**
 * A configured port, checked at once: a whole number from 1 to 65535 that fetch does not
 * refuse. `source` names where it was configured, for the message.
 */
export function usablePort(value: string | number, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${source} is ${JSON.stringify(String(value))}: a port is a whole number from 1 to 65535`);
  }
  if (BAD_PORTS.has(port)) {
    throw new Error(`${source} is ${port}, a port that browsers and Node's fetch refuse to connect to (the fetch standard's "bad ports"); choose another port`);
  }
  return port;
}

/** An institution's subgraph port: XIANJIE_<INSTITUTION>_PORT, else its default. */
export function institutionPort(name: InstitutionName, env = process.env): number {
  const variable = `XIANJIE_${name.toUpperCase()}_PORT`;
  return usablePort(env[variable] ?? INSTITUTIONS.find((i) => i.name === name)!.port, variable);
}

/** The gateway's port: XIANJIE_GATEWAY_PORT, else 4000. */
export function gatewayPort(env = process.env): number {
  return usablePort(env.XIANJIE_GATEWAY_PORT ?? DEFAULT_GATEWAY_PORT, 'XIANJIE_GATEWAY_PORT');
}
