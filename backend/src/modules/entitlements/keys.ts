import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import type { Config } from '../../config.ts';

export interface EntitlementKeys {
  privateKey: KeyObject;
  publicJwk: JWK & { kid: string };
}

/**
 * The ES256 key that signs entitlements. Production reads it from ENTITLEMENT_PRIVATE_KEY.
 * Development generates one once into the data folder (so entitlements stay valid across
 * restarts); tests use a fresh in-memory key.
 */
export async function loadEntitlementKeys(config: Config): Promise<EntitlementKeys> {
  let pem = config.entitlement.privateKeyPem;
  if (!pem && config.env === 'development') {
    const file = join(config.dataDir, 'entitlement-key.pem');
    pem = await readFile(file, 'utf8').catch(async () => {
      const generated = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      await mkdir(config.dataDir, { recursive: true });
      await writeFile(file, generated, { mode: 0o600 });
      return generated;
    });
  }
  const privateKey = pem ? createPrivateKey(pem) : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('ENTITLEMENT_PRIVATE_KEY must be an EC P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)');
  }
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicJwk: { ...jwk, kid, alg: 'ES256', use: 'sig' } };
}
