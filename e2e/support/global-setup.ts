import type { TestProject } from 'vitest/node';
import { startPlatform, type PlatformInfo } from './platform';
import { writeScreenshotIndex } from './screenshot-index';

declare module 'vitest' {
  export interface ProvidedContext {
    platform: PlatformInfo;
  }
}

/** One platform for every spec file (starting Next and a worker takes seconds); specs make their own users and data. */
export default async function setup(project: TestProject) {
  const platform = await startPlatform('specs', { OVERTURE_MAX_UPLOAD_BYTES: String(2 * 1024 * 1024) });
  const { process: _child, stop, ...info } = platform;
  project.provide('platform', info);
  return async () => {
    await stop();
    const index = writeScreenshotIndex();
    if (index) console.log(`e2e screenshots: ${index}`);
  };
}
