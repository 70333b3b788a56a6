import { generateKeyPairSync } from 'node:crypto';

/** A fresh EC P-256 private key in PEM, as ENTITLEMENT_PRIVATE_KEY expects. */
export const entitlementKeyPem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
