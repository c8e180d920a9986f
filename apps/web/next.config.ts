import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Native and heavy server packages are loaded by Node at run time, never bundled: onnxruntime-node
 * and sharp ship binaries, tfjs must never reach the web bundle, bullmq reads its Lua scripts from
 * its own folder, and our workspace packages are plain ESM already built by turbo.
 */
const nextConfig: NextConfig = {
  serverExternalPackages: [
    'onnxruntime-node', 'sharp', '@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-node', '@overture/serving', '@overture/db', '@overture/jobs', '@overture/config', 'bullmq', 'ioredis', 'pg', 'pg-cursor', 'mysql2', 'busboy', 'tar',
  ],
  // Hoisted node_modules live at the monorepo root.
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
  // Uploads and /predict stream their bodies themselves (DESIGN "Known traps": no middleware, no formData()).
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
};

export default nextConfig;
