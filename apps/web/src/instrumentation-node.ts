// Web process start-up: parses the environment (a bad variable stops the process with a readable
// message instead of failing every request), creates the first admin from OVERTURE_ADMIN_EMAIL,
// subscribes to the other web processes' changes, takes the client address from the socket unless a
// trusted proxy sets it, and sweeps crash debris from DATA_DIR now and then.
import { getContext } from './server/context';
import { installClientAddress } from './server/http/client-address';
import { scheduleOrphanSweeps } from './server/services/orphan-sweep';

try {
  const app = getContext();
  installClientAddress(app.env.OVERTURE_TRUST_PROXY);
  await app.ready;
  app.log(`ready: DATA_DIR ${app.env.dataDir}, uploads up to ${app.env.OVERTURE_MAX_UPLOAD_BYTES} bytes`);
  const minute = 60_000;
  scheduleOrphanSweeps(app.db, { dataDir: app.env.dataDir, graceMs: app.env.OVERTURE_ORPHAN_GRACE_MINUTES * minute, everyMs: app.env.OVERTURE_ORPHAN_SWEEP_MINUTES * minute }, app.log);
} catch (error) {
  console.error(`web failed to start: ${(error as Error).message}`);
  process.exit(1);
}
