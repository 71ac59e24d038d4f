import { INSTITUTION_NAMES, type InstitutionName } from '../institutions';

/** NODE_ENV=production: no demo data, no development keys, no GraphQL IDE, every core (README, Operations). */
export const isProduction = (env: NodeJS.ProcessEnv = process.env) => env.NODE_ENV === 'production';

/**
 * What a service cannot start without in production: real key material and where users'
 * keys are published, never keys it would make up (README, Operations: Production start).
 * An institution's own document signing key is XIANJIE_<INSTITUTION>_DOCUMENT_PRIVATE_KEY,
 * or XIANJIE_DOCUMENT_PRIVATE_KEY on a machine that runs that institution alone.
 */
export function requiredInProduction(service: InstitutionName | 'gateway'): string[] {
  if (service === 'gateway') return ['XIANJIE_JWKS_URL', 'XIANJIE_JWT_ISSUER', 'XIANJIE_JWT_AUDIENCE', 'XIANJIE_GATEWAY_PRIVATE_KEY'];
  return [
    'XIANJIE_GATEWAY_PUBLIC_KEY',
    `XIANJIE_${service.toUpperCase()}_DOCUMENT_PRIVATE_KEY|XIANJIE_DOCUMENT_PRIVATE_KEY`,
    ...INSTITUTION_NAMES.map((n) => `XIANJIE_${n.toUpperCase()}_DOCUMENT_PUBLIC_KEY`),
  ];
}

/** The refusal a service starts with when production configuration is missing, in Chinese and English. */
export function missingConfiguration(missing: string[]): Error {
  const zh = missing.map((m) => m.split('|').join(' 或 ')).join('、');
  const en = missing.map((m) => m.split('|').join(' or ')).join(', ');
  return new Error(
    `生产环境（NODE_ENV=production）缺少必需的配置：${zh}。请按 README「运维」一节设置后再启动。` +
      ` / Production configuration is missing: ${en}. Set them (README, Operations) and start again.`,
  );
}

/** In production, refuses to go on (throws) while any of the service's required variables is unset or empty. */
export function checkProductionConfig(service: InstitutionName | 'gateway', env: NodeJS.ProcessEnv = process.env): void {
  if (!isProduction(env)) return;
  const missing = requiredInProduction(service).filter((alternatives) => !alternatives.split('|').some((k) => env[k]?.trim()));
  if (missing.length > 0) throw missingConfiguration(missing);
}
