'use client';
import { torchvisionImageEncoders, trainableInputTypes, trainableOutputTypes } from '@overture/config';
import type { Document } from 'yaml';
import type { JsonSchema } from '@/client/queries/models';
import { usePretrainedModels } from '@/client/queries/pretrained-models';
import { encoderSchema, encoderTypes, isPretrainedEncoder } from '@/client/schema-walk';
import { valueAt, type ConfigPath } from '@/client/yaml-doc';
import { Card } from '../ui/card';
import { Field } from '../ui/field';
import { DraftInput, parseFieldText } from './draft-input';

type Feature = { name: string; type: string; encoder?: { type?: string; pretrained_model_name_or_path?: string } };

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
                  {isPretrainedEncoder(schema, f.type, f.encoder?.type) ? (
                    <PretrainedModelPicker feature={f} schema={schema} onPick={(name) => onSet(['input_features', i, 'encoder', 'pretrained_model_name_or_path'], name)} />
                  ) : null}
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

/**
 * The local models a pretrained text encoder can read (the platform's models root): a select of
 * those present, keeping a name the config already gives even when it is not there (so the form
 * never rewrites it), and a hint naming the root when it holds none.
 */
function PretrainedModelPicker({ feature, schema, onPick }: { feature: Feature; schema: JsonSchema; onPick: (name: string) => void }) {
  const models = usePretrainedModels();
  const fallback = encoderSchema(schema, feature.type, feature.encoder?.type ?? '')?.properties?.pretrained_model_name_or_path?.default;
  const current = feature.encoder?.pretrained_model_name_or_path ?? (typeof fallback === 'string' ? fallback : '');
  const usable = (models.data?.models ?? []).filter((m) => m.status === 'ok');
  const names = usable.map((m) => m.name);
  const id = `pretrained-${feature.name}`;
  return (
    <div className="section-gap">
      <label className="small muted" htmlFor={id}>Pretrained model</label>
      <select id={id} className="input" aria-label={`Pretrained model of ${feature.name}`} value={current} onChange={(e) => onPick(e.target.value)}>
        {current && !names.includes(current) ? <option value={current}>{current} (not under the models root)</option> : null}
        {usable.map((m) => <option key={m.name} value={m.name}>{m.name}{m.hiddenSize ? ` · ${m.hiddenSize}` : ''}</option>)}
      </select>
      {models.data && usable.length === 0 ? (
        <p className="small muted">No pretrained model is under the models root {models.data.root}: an admin adds one on the Pretrained models page (a .zip of an ONNX export), or places the folder there.</p>
      ) : null}
      {models.data && current && !names.includes(current) && usable.length > 0 ? <p className="small muted">{current} is not under {models.data.root}; training will fail until it is added.</p> : null}
    </div>
  );
}
