'use client';
import { useState } from 'react';
import { formatBytes } from '@/client/format';
import { useDeletePretrainedModel, usePretrainedModels, useUploadPretrainedModel } from '@/client/queries/pretrained-models';
import { useSession } from '@/client/session';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { QueryState } from '../ui/query-state';

const statusBadge = { ok: 'badge-ok', incomplete: 'badge-warn', broken: 'badge-danger' } as const;

/** The models root's folders (what `pretrained_model_name_or_path` can name) and, for admins, upload and delete. */
export function PretrainedModelsView() {
  const models = usePretrainedModels();
  const me = useSession();
  const admin = me.role === 'admin';
  const remove = useDeletePretrainedModel();
  return (
    <div className="stack">
      <QueryState query={models}>
        {({ root, models: list }) => (
          <Card title="Pretrained text encoders" description={<>Folders under the models root <code>{root}</code> (OVERTURE_MODELS_DIR). A config names one with <code>encoder: {'{'}type: bert, pretrained_model_name_or_path: &lt;name&gt;{'}'}</code>; trained models keep their own copy.</>} flush>
            {list.length === 0 ? (
              <EmptyState title="No pretrained models yet">
                Put a Hugging Face ONNX export (onnx/model.onnx, tokenizer.json, config.json) in {root}/&lt;name&gt;/{admin ? ', or upload it zipped below' : ', or ask an admin to upload one'}.
              </EmptyState>
            ) : (
              <table className="table compact" aria-label="Pretrained models">
                <thead><tr><th>Name</th><th>Input</th><th className="num">Hidden size</th><th className="num">Size</th><th>Status</th>{admin ? <th /> : null}</tr></thead>
                <tbody>
                  {list.map((m) => (
                    <tr key={m.name}>
                      <td><strong>{m.name}</strong>{m.modelType ? <span className="faint"> · {m.modelType}</span> : null}</td>
                      <td>{m.inputType}</td>
                      <td className="num">{m.hiddenSize ?? '—'}</td>
                      <td className="num">{formatBytes(m.sizeBytes)}</td>
                      <td><span className={`badge ${statusBadge[m.status]}`}>{m.status === 'ok' ? 'loads' : m.status}</span>{m.problem ? <div className="muted small">{m.problem}</div> : null}</td>
                      {admin ? (
                        <td className="num">
                          <button type="button" className="btn btn-small btn-danger" disabled={remove.isPending}
                            onClick={() => { if (window.confirm(`Delete the pretrained model ${m.name}? New trainings naming it will fail; trained models and deployments keep their own copy.`)) remove.mutate(m.name); }}>Delete</button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <ErrorMessage error={remove.error} />
          </Card>
        )}
      </QueryState>
      {admin ? <UploadPretrainedModel /> : null}
    </div>
  );
}

function UploadPretrainedModel() {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [progress, setProgress] = useState(0);
  const upload = useUploadPretrainedModel(setProgress);
  return (
    <Card title="Add a pretrained model" description="A .zip of the folder `optimum-cli export onnx --model <name> --task feature-extraction <folder>` writes. It is unpacked under the same limits as dataset archives.">
      <form className="stack" onSubmit={(e) => {
        e.preventDefault();
        if (file) upload.mutate({ file, name: name.trim() }, { onSuccess: () => { setFile(null); setName(''); setProgress(0); } });
      }}>
        <div className="form-row">
          <Field id="pretrained-file" label="Zip file">
            <input id="pretrained-file" className="input" type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </Field>
          <Field id="pretrained-name" label="Name" help="As configs will write it: bert-base-uncased or org/name (default: the file's name).">
            <input id="pretrained-name" className="input" value={name} placeholder={file ? file.name.replace(/\.zip$/i, '') : 'bert-base-uncased'} onChange={(e) => setName(e.target.value)} />
          </Field>
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={!file || upload.isPending}>{upload.isPending ? `Uploading ${Math.round(progress * 100)}%` : 'Upload'}</button>
        </div>
        <ErrorMessage error={upload.error} />
      </form>
    </Card>
  );
}
