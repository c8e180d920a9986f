/** The session cookie: httpOnly, SameSite=Lax, Secure behind https. */
export const SESSION_COOKIE = 'overture_session';

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

/** The request's own origin as the browser sees it (behind a proxy: X-Forwarded-*). */
export function requestOrigin(headers: Headers, url: string): string {
  const forwardedProto = headers.get('x-forwarded-proto')?.split(',')[0].trim();
  const proto = forwardedProto || new URL(url).protocol.replace(':', '');
  const host = headers.get('x-forwarded-host')?.split(',')[0].trim() || headers.get('host') || new URL(url).host;
  return `${proto}://${host}`;
}

export function isSecureRequest(headers: Headers, url: string): boolean {
  return requestOrigin(headers, url).startsWith('https:');
}
