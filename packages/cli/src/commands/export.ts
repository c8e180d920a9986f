import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BUNDLE_FILES, exportModelToOnnx, initBackend, loadBundle, type BackendName } from '@overture/trainer';
import { log, printJson } from '../output.js';

/** `overture export`: the bundle's inference graph as ONNX (opset 17), for serving it elsewhere. */
export async function exportCommand(options: { model: string; output?: string; backend?: BackendName; json?: boolean }): Promise<void> {
  await initBackend(options.backend);
  const bundle = await loadBundle(options.model);
  try {
    const output = options.output ?? path.join(options.model, BUNDLE_FILES.onnx);
    const bytes = exportModelToOnnx(bundle.model);
    await fs.mkdir(path.dirname(path.resolve(output)), { recursive: true });
    await fs.writeFile(output, bytes);
    log(`wrote ${output} (${bytes.length} bytes; inputs and outputs are named after the features, see 'overture serve' for the preprocessing)`);
    if (options.json) printJson({ output, bytes: bytes.length });
  } finally {
    bundle.model.dispose();
  }
}
