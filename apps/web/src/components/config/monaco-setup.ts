'use client';
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import { configureMonacoYaml, type MonacoYaml } from 'monaco-yaml';

/**
 * Monaco from the local package with self-hosted workers (DESIGN "Known traps": the loader would
 * fetch it from a CDN, and Overture runs offline). YAML completion, hover docs and validation
 * come from monaco-yaml with the config's JSON Schema; its violations are warnings (styled red).
 */
window.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    if (label === 'yaml') return new Worker(new URL('monaco-yaml/yaml.worker.js', import.meta.url), { type: 'module' });
    return new Worker(new URL('monaco-editor/esm/vs/editor/editor.worker.js', import.meta.url), { type: 'module' });
  },
};
loader.config({ monaco });

/** The editor's model path; it must match the schema's fileMatch. */
export const CONFIG_MODEL_PATH = 'overture-config.yaml';

let yaml: MonacoYaml | null = null;

export function configureConfigSchema(schema: object): void {
  if (yaml) return;
  yaml = configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: [{ uri: 'https://overture.local/config-schema.json', fileMatch: [`**/${CONFIG_MODEL_PATH}`, CONFIG_MODEL_PATH], schema: schema as never }],
  });
}

export { monaco };
