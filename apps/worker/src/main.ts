// The worker process: `npm run start:worker` (one more), `npm start` (one beside the web app).
import { createServiceLogger, logFunction } from '@overture/jobs';
import type { Logger } from './context.js';
import { parseWorkerEnv } from './env.js';
import { startWorker } from './worker.js';

// JSON lines on stdout (readable on a terminal); each job's lines carry its job id and request id.
const logger = createServiceLogger({ service: 'worker' });
const log: Logger = logFunction(logger);

let env;
try {
  env = parseWorkerEnv(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

let worker;
try {
  worker = await startWorker(env, log);
} catch (error) {
  console.error(`worker failed to start: ${(error as Error).message}`);
  process.exit(1);
}

process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));
let signals = 0;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) {
      log(`second ${signal}: exiting now (the job stalls and another worker resumes it)`);
      process.exit(1);
    }
    log(`${signal}: checkpointing running trainings and handing them back`);
    const force = setTimeout(() => process.exit(1), 60_000);
    force.unref();
    worker.close().then(() => {
      log('worker stopped');
      process.exit(0);
    }, (error) => {
      log(`error while stopping: ${String(error)}`);
      process.exit(1);
    });
  });
}
