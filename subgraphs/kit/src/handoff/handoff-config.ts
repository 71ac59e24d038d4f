import { importPKCS8, type CryptoKey } from 'jose';
import { importPublicKey, loadOrCreateDevKeys, SIGNING_ALG } from '../auth/keys';
import { INSTITUTION_NAMES, institutionPort, type InstitutionName } from '../institutions';
import { checkProductionConfig, isProduction } from '../process/production';

/** An institution's document keys: its own signing key and every institution's public key. */
export interface DocumentKeys {
  privateKey: CryptoKey;
  publicKeys: Partial<Record<InstitutionName, CryptoKey>>;
}

/**
 * Document keys from the environment: this institution's PKCS#8 PEM in
 * XIANJIE_<INSTITUTION>_DOCUMENT_PRIVATE_KEY (or XIANJIE_DOCUMENT_PRIVATE_KEY, on a machine
 * that runs this institution alone) and XIANJIE_<INSTITUTION>_DOCUMENT_PUBLIC_KEY (SPKI
 * PEM) for each institution; required in production. In development every institution's
 * pair is created on first start in .xianjie/keys (`<institution>-documents`).
 */
export async function documentKeysFromEnv(self: InstitutionName, env = process.env): Promise<DocumentKeys> {
  const publicKeys: Partial<Record<InstitutionName, CryptoKey>> = {};
  if (isProduction(env)) {
    checkProductionConfig(self, env);
    for (const name of INSTITUTION_NAMES) publicKeys[name] = await importPublicKey(env[`XIANJIE_${name.toUpperCase()}_DOCUMENT_PUBLIC_KEY`]!);
    const own = env[`XIANJIE_${self.toUpperCase()}_DOCUMENT_PRIVATE_KEY`]?.trim() || env.XIANJIE_DOCUMENT_PRIVATE_KEY!;
    return { privateKey: await importPKCS8(own, SIGNING_ALG), publicKeys };
  }
  for (const name of INSTITUTION_NAMES) publicKeys[name] = (await loadOrCreateDevKeys(`${name}-documents`)).publicKey;
  return { privateKey: (await loadOrCreateDevKeys(`${self}-documents`)).privateKey, publicKeys };
}

/** Each institution's inbox: XIANJIE_<INSTITUTION>_INBOX_URL, else its subgraph's default port on this machine. */
export function inboxUrlsFromEnv(env = process.env): Record<InstitutionName, string> {
  return Object.fromEntries(
    INSTITUTION_NAMES.map((name) => [name, env[`XIANJIE_${name.toUpperCase()}_INBOX_URL`] ?? `http://127.0.0.1:${institutionPort(name, env)}/handoff/inbox`]),
  ) as Record<InstitutionName, string>;
}
