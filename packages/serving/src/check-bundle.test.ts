import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBundleOffThread } from './check-bundle.js';
import { OrtModel } from './ort-model.js';
import { ServingModel } from './serving-model.js';
import { bundleV1, copyBundle } from './test/helpers.js';
import { model, slowToLoad, withExtraGraph } from './test/onnx-builder.js';

/** A copy of the fixture bundle whose model.onnx is `onnx`. */
function bundleWith(onnx: Uint8Array): string {
  const directory = copyBundle(bundleV1);
  writeFileSync(path.join(directory, 'model.onnx'), onnx);
  return directory;
}
const fixtureOnnx = readFileSync(path.join(bundleV1, 'model.onnx'));
/** y = the 16 bytes of an external file at `location` (the attack: /predict returned package.json). */
const leaking = (location: string) => model({
  graph: {
    nodes: [{ op: 'Identity', inputs: ['W'], outputs: ['y'] }],
    initializers: [{ name: 'W', dims: [16], dataType: 2, external: { location, length: '16' } }],
    outputs: [{ name: 'y', dims: [16], elemType: 2 }],
  },
});
const options = { timeoutMs: 60_000, memoryMb: 512 };

describe('loading untrusted graphs', () => {
  it('ServingModel.load refuses a bundle whose graph reads an external file, before any session', async () => {
    const directory = bundleWith(withExtraGraph(fixtureOnnx, { nodes: [], initializers: [{ name: 'W', dims: [16], dataType: 2, external: { location: 'package.json' } }] }));
    await expect(ServingModel.load(directory)).rejects.toThrow("model.onnx was refused: initializer 'W' in the graph keeps its data in an external file ('package.json')");
  });

  it('a session never resolves external data against the working directory, even unchecked', async () => {
    // The working directory of this test holds package.json; onnxruntime's default would read it.
    expect(readFileSync('package.json').length).toBeGreaterThan(16);
    for (const location of ['package.json', 'src/index.ts', '../../package.json', '/etc/passwd']) {
      await expect(OrtModel.create(leaking(location))).rejects.toThrow(/External data path/);
    }
  });

  it('checkBundleOffThread answers the config of a good bundle and keeps the error code of a refused one', async () => {
    const config = await checkBundleOffThread(bundleV1, options);
    expect(config.output_features.map((f) => f.name)).toEqual(['kind', 'label', 'amount', 'tags_out']);
    const refused = checkBundleOffThread(bundleWith(leaking('package.json')), options);
    await expect(refused).rejects.toMatchObject({ name: 'OvertureError', code: 'invalid_input', message: expect.stringContaining("initializer 'W' in the graph keeps its data in an external file ('package.json')") });
    await expect(checkBundleOffThread(bundleWith(Buffer.from('garbage')), options)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^model\.onnx was refused: it is not a valid ONNX file/) });
  });

  it('loads a slow-but-allowed graph off the event loop, which keeps ticking', async () => {
    const directory = bundleWith(withExtraGraph(fixtureOnnx, slowToLoad(19_000)));
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    try {
      await checkBundleOffThread(directory, options);
    } finally {
      clearInterval(ticker);
    }
    const took = performance.now() - started;
    expect(took).toBeGreaterThan(800);
    expect(longestGap).toBeLessThan(Math.min(400, took / 3));
  });

  it('terminates a load over its time limit, with a message', async () => {
    const directory = bundleWith(withExtraGraph(fixtureOnnx, slowToLoad(19_000)));
    const started = performance.now();
    await expect(checkBundleOffThread(directory, { ...options, timeoutMs: 300 })).rejects.toMatchObject({
      code: 'invalid_input', message: 'model.onnx did not load within 0.3 s, so it was refused; a model served here loads in well under that.',
    });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
