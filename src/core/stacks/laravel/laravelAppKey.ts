import { randomBytes as nodeRandomBytes } from 'node:crypto';

/**
 * A new APP_KEY as `php artisan key:generate` makes it for the default AES-256-CBC cipher:
 * `base64:` followed by 32 random bytes in base64. The caller must never echo it.
 */
export function generateAppKey(randomBytes: (n: number) => Uint8Array = nodeRandomBytes): string {
  const bytes = randomBytes(32);
  if (bytes.length !== 32) throw new RangeError('generateAppKey needs 32 random bytes');
  return 'base64:' + Buffer.from(bytes).toString('base64');
}
