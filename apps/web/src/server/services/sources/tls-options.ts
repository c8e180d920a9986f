import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { TlsMode } from './source-url';

/**
 * A TLS mode as explicit options for tls.connect (no file paths: a member must not be able to
 * make the server read its own files). Certificates are checked against Node's CA store (plus
 * NODE_EXTRA_CA_CERTS, set by the admin). The driver connects to the checked IP address, so the
 * host name as written is the SNI and the name the certificate must carry.
 */
export function tlsOptions(mode: TlsMode, host: string): ConnectionOptions | null {
  if (mode === 'disable') return null;
  const servername = isIP(host) ? undefined : host;
  if (mode === 'prefer' || mode === 'require') return { rejectUnauthorized: false, servername };
  if (mode === 'verify-ca') return { rejectUnauthorized: true, servername, checkServerIdentity: () => undefined };
  return { rejectUnauthorized: true, servername };
}
