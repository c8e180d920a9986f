import { describeSourceError } from './source-errors';
import type { ParsedSource } from './source-url';

/** Failures after which the next checked address is worth a try (as a driver does for a name). */
const unreachable = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EADDRNOTAVAIL']);

/**
 * Connects to the source's checked addresses in turn, never resolving its name again; with
 * `prefer` (the default TLS mode), without TLS to a server that has none (`noTls` tells its
 * answer). Failures are the connect-stage 400.
 */
export async function connectAny<T>(source: ParsedSource, noTls: RegExp, connect: (address: string, tls: boolean) => Promise<T>): Promise<T> {
  let last: unknown;
  for (const address of source.addresses) {
    try {
      return await connect(address, true);
    } catch (error) {
      last = error;
      if (source.tls === 'prefer' && noTls.test((error as Error).message)) {
        try { return await connect(address, false); } catch (plain) { last = plain; }
      }
      if (!unreachable.has((error as { code?: string }).code ?? '')) break;
    }
  }
  throw describeSourceError(last, 'connect');
}
