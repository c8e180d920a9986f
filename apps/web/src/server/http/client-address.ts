import http from 'node:http';

/**
 * Makes X-Forwarded-For trustworthy for the route handlers, which cannot see the socket: Next only
 * fills it in from the socket when the client sent none, so a client could name any address and
 * dodge the per-address sign-in throttle. Without a trusted proxy the header becomes the socket's
 * address on every request; behind one (OVERTURE_TRUST_PROXY) it is left as the proxy wrote it and
 * its last entry, the address the proxy saw, is used.
 */
export function installClientAddress(trustProxy: boolean): void {
  const marker = Symbol.for('overture.clientAddress');
  const proto = http.Server.prototype as http.Server & { [marker]?: true };
  if (trustProxy || proto[marker]) return;
  proto[marker] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      request.headers['x-forwarded-for'] = request.socket?.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
