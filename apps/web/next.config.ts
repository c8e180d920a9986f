import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The browser-facing policy of every response. No page may be framed (the API keys and users pages
 * would be clickjacking targets); scripts, styles, workers and connections come from this origin
 * only. 'unsafe-inline' scripts: Next's App Router streams its payload in inline scripts (no nonce
 * without making every page dynamic); inline styles: Monaco positions its editor with them; blob:
 * workers: Monaco's fallback when a worker script cannot be started from a URL. 'wasm-unsafe-eval':
 * the playground's in-browser mode compiles onnxruntime-web's WebAssembly (served from /ort/; it
 * allows compiling wasm only, not eval of JavaScript). `next dev` also needs eval (React refresh).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'${process.env.NODE_ENV === 'development' ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Invitation links carry their token in the path: never send it (or any path) to another site.
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
];

/**
 * Native and heavy server packages are loaded by Node at run time, never bundled: onnxruntime-node
 * and sharp ship binaries, tfjs must never reach the web bundle, bullmq reads its Lua scripts from
 * its own folder, and our workspace packages are plain ESM already built by turbo.
 */
const nextConfig: NextConfig = {
  serverExternalPackages: [
    'onnxruntime-node', 'sharp', '@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-node', '@overture/serving', '@overture/trainer', '@huggingface/tokenizers', '@overture/deployments', '@overture/db', '@overture/jobs', '@overture/config', 'bullmq', 'ioredis', 'pg', 'pg-cursor', 'mysql2', 'busboy', 'tar', 'prom-client',
  ],
  // Hoisted node_modules live at the monorepo root.
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // Uploads and /predict stream their bodies themselves (DESIGN "Known traps": no middleware, no formData()).
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
