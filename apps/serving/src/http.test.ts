import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestTarget } from './http.js';

const request = (url: string) => ({ url, headers: { host: 'example.test:3000' } }) as unknown as IncomingMessage;

describe('requestTarget', () => {
  it('reads every path and query as WHATWG URL does, plain or not', () => {
    const urls = [
      '/predict', '/predict/', '/predict/churn', '/predict/churn?format=ludwig&explain=true', '/predict?model=a+b%20c', '/predict/x_y-Z9?',
      '/predict/../metrics', '/predict/./churn', '/predict/%63hurn', '//evil.test/predict', '/predict//churn', '/predict/churn?a=%zz#frag',
      '/predict/ch urn', '/predict\\churn', 'http://other.test/predict/churn', '/predict?q=日本',
    ];
    for (const raw of urls) {
      const target = requestTarget(request(raw));
      const url = new URL(raw, 'http://example.test:3000');
      expect({ raw, pathname: target.pathname, query: [...target.searchParams], href: target.href }).toEqual({ raw, pathname: url.pathname, query: [...url.searchParams], href: url.href });
    }
  });
});
