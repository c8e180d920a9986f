'use client';
import { torchvisionImageEncoders, trainableInputTypes, trainableOutputTypes } from '@overture/config';
import type { Document } from 'yaml';
import type { JsonSchema } from '@/client/queries/models';
import { encoderTypes } from '@/client/schema-walk';
import { valueAt, type ConfigPath } from '@/client/yaml-doc';
import { Card } from '../ui/card';
import { Field } from '../ui/field';
import { DraftInput, parseFieldText } from './draft-input';

type Feature = { name: string; type: string; encoder?: { type?: string } };

/** resnet and vit train from scratch only (no pretrained weights are downloaded): the form says so in the block it writes. */
export function encoderBlock(type: string): Record<string, unknown> {
  return (torchvisionImageEncoders as readonly string[]).includes(type) ? { type, use_pretrained: false } : { type };
}

/** Text names its encoder (tf_idf, auto-config's default), not Ludwig's default parallel_cnn. */
function inputFeatureOfType(name: string, type: string): Feature {
  return type === 'text' ? { name, type, encoder: { type: 'tf_idf' } } : { name, type };
}

/** The knobs most people turn: feature types and encoders, epochs, learning rate, batch size, split. */
export function BasicConfigForm({ doc, schema, onSet }: { doc: Document; schema: JsonSchema; onSet: (path: ConfigPath, value: unknown) => void }) {
  const inputs = (valueAt(doc, ['input_features']) ?? []) as Feature[];
  const outputs = (valueAt(doc, ['output_features']) ?? []) as Feature[];
  const split = (valueAt(doc, ['preprocessing', 'split']) ?? { type: 'random' }) as { type?: string; probabilities?: number[] };
  const probabilities = split.probabilities ?? [0.7, 0.1, 0.2];
  const trainer = schema.properties?.trainer?.properties ?? {};
  const setSplit = (index: number, text: string) => {
    const next = [...probabilities];
    next[index] = Number(text) / 100;
    onSet(['preprocessing', 'split'], { type: 'random', probabilities: next });
  };
  return (
    <div className="stack">
      <Card title="Features" description="What the model reads and what it predicts." flush>
        <table className="table compact" aria-label="Features">
          <thead><tr><th>Column</th><th>Role</th><th>Type</th><th>Encoder</th></tr></thead>
          <tbody>
            {inputs.map((f, i) => (
              <tr key={`in-${f.name}`}>
                <td>{f.name}</td>
                <td className="muted">input</td>
                <td>
                  <select className="input" aria-label={`Type of ${f.name}`} value={f.type} onChange={(e) => onSet(['input_features', i], inputFeatureOfType(f.name, e.target.value))}>
                    {trainableInputTypes.map((t) => <option key={t} value={t}>{t}</option>)}
                  </select>
                </td>
                <td>
                  <select className="input" aria-label={`Encoder of ${f.name}`} value={f.encoder?.type ?? ''} onChange={(e) => onSet(['input_features', i, 'encoder'], e.target.value ? encoderBlock(e.target.value) : undefined)}>
                    <option value="">default</option>
                    {encoderTypes(schema, f.type).map((t) => <option key={t} value={t}>{t}</option>)}
                  </select>
                </td>
              </tr>
            ))}
            {outputs.map((f, i) => (
              <tr key={`out-${f.name}`}>
                <td><strong>{f.name}</strong></td>
                <td><span className="badge badge-info plain">predicted</span></td>
                <td>
                  <select className="input" aria-label={`Type of ${f.name}`} value={f.type} onChange={(e) => onSet(['output_features', i], { name: f.name, type: e.target.value })}>
                    {trainableOutputTypes.map((t) => <option key={t} value={t}>{t}</option>)}
                  </select>
                </td>
                <td className="faint">—</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Training">
        <div className="form-row">
          {(['epochs', 'learning_rate', 'batch_size'] as const).map((key) => (
            <Field key={key} id={`basic-${key}`} label={key.replace('_', ' ')} help={trainer[key]?.description}>
              <DraftInput
                id={`basic-${key}`}
                value={String(valueAt(doc, ['trainer', key]) ?? '')}
                placeholder={`default: ${String(trainer[key]?.default ?? '')}`}
                list={`basic-${key}-list`}
                onCommit={(text) => onSet(['trainer', key], parseFieldText(text, true))}
              />
              <datalist id={`basic-${key}-list`}>{(trainer[key]?.suggested_values ?? []).map((v) => <option key={String(v)} value={String(v)} />)}</datalist>
            </Field>
          ))}
        </div>
      </Card>
      <Card title="Split" description="Shares of rows used to train, to pick the best epoch (validation) and to report results (test).">
        {split.type && split.type !== 'random' ? (
          <p className="muted">This config uses a {split.type} split; edit it in the advanced form or the YAML.</p>
        ) : (
          <div className="form-row">
            {['Training %', 'Validation %', 'Test %'].map((label, i) => (
              <Field key={label} id={`split-${i}`} label={label}>
                <DraftInput id={`split-${i}`} inputMode="decimal" value={String(Math.round(probabilities[i] * 1000) / 10)} onCommit={(text) => setSplit(i, text)} />
              </Field>
            ))}
          </div>
        )}
      </Card>
    </div>
  );
}
