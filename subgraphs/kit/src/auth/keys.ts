import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, type CryptoKey } from 'jose';
import { repoRoot } from '../db/database-config';

export const SIGNING_ALG = 'ES256';

export interface KeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicPem: string;
}

/** Where development keys live (created on first start, never committed). */
export const devKeyDir = () => process.env.XIANJIE_KEY_DIR ?? path.join(repoRoot, '.xianjie', 'keys');

export async function generateSigningKeys(): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  return { privateKey, publicKey, publicPem: await exportSPKI(publicKey) };
}

/**
 * Loads the development key pair `name` (`issuer`: signs demo user tokens; `gateway`:
 * signs identity assertions to subgraphs), creating it on first use.
 */
export async function loadOrCreateDevKeys(name: string, dir = devKeyDir()): Promise<KeyPair> {
  const privateFile = path.join(dir, `${name}.private.pem`);
  const publicFile = path.join(dir, `${name}.public.pem`);
  if (!existsSync(privateFile)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const keys = await generateSigningKeys();
    writeFileSync(privateFile, await exportPKCS8(keys.privateKey), { mode: 0o600 });
    writeFileSync(publicFile, keys.publicPem);
    return keys;
  }
  const publicPem = readFileSync(publicFile, 'utf8');
  return {
    privateKey: await importPKCS8(readFileSync(privateFile, 'utf8'), SIGNING_ALG),
    publicKey: await importSPKI(publicPem, SIGNING_ALG),
    publicPem,
  };
}

export async function importPublicKey(pem: string): Promise<CryptoKey> {
  return importSPKI(pem, SIGNING_ALG);
}
