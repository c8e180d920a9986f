// Child process for the resume test: trains with checkpoints and reports each one on stdout,
// pausing after it so the parent can SIGKILL the process mid-training.
import { initBackend } from '../../backend/init-backend.js';
import { preprocessForTraining } from '../../preprocessing/index.js';
import { toyTable } from '../../test-support/toy-table.js';
import { trainModel } from '../train.js';
import { resumeConfig } from './resume-config.js';

const checkpointDir = process.argv[2];
await initBackend('wasm');
const config = resumeConfig();
const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 7 });
const pause = new Int32Array(new SharedArrayBuffer(4));
await trainModel({
  config, dataset, metadata, seed: 7, checkpointDir,
  callbacks: {
    onCheckpoint: ({ step }) => {
      process.stdout.write(`checkpoint ${step}\n`);
      Atomics.wait(pause, 0, 0, 300);
    },
  },
});
process.stdout.write('finished\n');
