import { requestOrigin, SESSION_COOKIE } from '@overture/deployments';

// Reading the session cookie is shared with the serving process (the playground predicts with it).
export { readCookie, requestOrigin, SESSION_COOKIE } from '@overture/deployments';

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function isSecureRequest(headers: Headers, url: string): boolean {
  return requestOrigin(headers, url).startsWith('https:');
}
