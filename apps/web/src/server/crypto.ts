import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM under a key derived from OVERTURE_SECRET; `v1:<iv>:<tag>:<ciphertext>` (base64url). */
function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`overture:credentials:${secret}`).digest();
}

export function encryptSecret(plain: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
}

/** Throws when the text was encrypted under another secret or was altered (GCM authenticates it). */
export function decryptSecret(text: string, secret: string): string {
  const [version, iv, tag, data] = text.split(':');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not an encrypted Overture secret');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
