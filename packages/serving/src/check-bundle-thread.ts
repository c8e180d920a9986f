// Entry of the worker thread that checkBundleOffThread starts: loads one bundle as serving would
// (graph check, session, warm-up row), reports its config or the error, and releases the session.
import { parentPort, workerData } from 'node:worker_threads';
import { isOvertureError } from '@overture/config';
import type { CheckThreadData, CheckThreadMessage } from './check-bundle.js';
import { ServingModel } from './serving-model.js';

const port = parentPort!;
const { directory, onnxLimits } = workerData as CheckThreadData;
let message: CheckThreadMessage;
try {
  const model = await ServingModel.load(directory, { threads: 1, onnxLimits });
  message = { kind: 'loaded', config: model.config };
  await model.release().catch(() => undefined);
} catch (error) {
  message = isOvertureError(error)
    ? { kind: 'error', name: error.name, message: error.message, code: error.code, details: error.details }
    : { kind: 'error', name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) };
}
port.postMessage(message);
