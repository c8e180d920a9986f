// The serving process: answers /predict for every active deployment, follows deploys, hot swaps
// and undeploys through the bus, and announces itself to the front server with a Redis heartbeat.
// `npm run start:serving` starts one more replica; SIGTERM finishes the requests in flight.
import { loadServingEnv, type ServingEnv } from './env.js';
import { startServingReplica } from './replica.js';

let env: ServingEnv;
try {
  env = loadServingEnv(process.env); // the one place this process reads process.env (STYLE 5)
} catch (error) {
  console.error(`serving failed to start: ${(error as Error).message}`);
  process.exit(1);
}
const replica = await startServingReplica(env);
await replica.announced;
replica.ctx.log(`serving /predict at ${replica.server.url} (announced as ${replica.advertised})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  replica.ctx.log(`${signal}: finishing the requests in flight`);
  await replica.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
