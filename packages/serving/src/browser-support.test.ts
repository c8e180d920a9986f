import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundleDescription } from '@overture/trainer/bundle';
import { describeBrowserBundle, readBrowserModel } from './browser-bundle.js';
import { BROWSER_MODEL_MAX_BYTES, browserSupport, fromBrowserBundle, toBrowserBundle } from './browser-support.js';
import { bundleV1 } from './test/helpers.js';

const inputs = (...types: string[]) => ({ input_features: types.map((type, i) => ({ name: `f${i}`, type })) }) as never;

describe('browserSupport', () => {
  it('runs a tabular model of up to 64 MB in the browser', () => {
    expect(browserSupport(inputs('number', 'category', 'text'), BROWSER_MODEL_MAX_BYTES)).toEqual({ runnable: true });
  });

  it('keeps a model with an image or audio input on the server, naming the input', () => {
    expect(browserSupport(inputs('number', 'image'), 1000)).toEqual({ runnable: false, reason: "Runs on the server only: its image input 'f1' is decoded by the server." });
    expect(browserSupport(inputs('audio'), 1000)).toEqual({ runnable: false, reason: "Runs on the server only: its audio input 'f0' is decoded by the server." });
  });

  it('keeps a graph over the limit on the server, with its size', () => {
    expect(browserSupport(inputs('number'), 80 * 1024 * 1024)).toEqual({ runnable: false, reason: 'Runs on the server only: its model.onnx is 80.0 MB, over the 64.0 MB a browser is sent.' });
    expect(browserSupport(inputs('number'), 2048, 1024).runnable).toBe(false);
  });
});

describe('toBrowserBundle / fromBrowserBundle', () => {
  it('round-trips a bundle through JSON to the same config and metadata', async () => {
    const { config, metadata } = await readBundleDescription(bundleV1);
    const sent = JSON.parse(JSON.stringify(toBrowserBundle({ config, metadata }))) as ReturnType<typeof toBrowserBundle>;
    const back = fromBrowserBundle(sent);
    expect(back.config).toEqual(config);
    expect(back.metadata).toEqual(metadata);
  });
});

describe('describeBrowserBundle / readBrowserModel', () => {
  it('describes a tabular bundle as runnable and hands over its model.onnx', async () => {
    const info = await describeBrowserBundle(bundleV1);
    const onnx = await readFile(path.join(bundleV1, 'model.onnx'));
    expect(info.support).toEqual({ runnable: true });
    expect(info.modelBytes).toBe(onnx.length);
    expect(Buffer.from(await readBrowserModel(bundleV1)).equals(onnx)).toBe(true);
  });

  it('refuses the graph over the size limit with 413 and the reason', async () => {
    const info = await describeBrowserBundle(bundleV1, 1024);
    expect(info.support.runnable).toBe(false);
    await expect(readBrowserModel(bundleV1, 1024)).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/^Runs on the server only: its model.onnx is .* over the 1.0 KB a browser is sent\.$/) });
  });
});
