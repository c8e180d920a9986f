/**
 * Where to go after signing in: a path on this site, or '/'. Browsers read `/\evil.example` and
 * `//evil.example` as another host, and drop tabs and newlines inside URLs (`/\t/evil.example`),
 * so anything but a plain absolute path — after the URL parser has had its say — is refused.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(next) || next.startsWith('//')) return '/';
  const base = 'http://next-path.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The parser may have turned encoded slashes or dots into a protocol-relative path: check its result again.
  return path.startsWith('//') ? '/' : path;
}
