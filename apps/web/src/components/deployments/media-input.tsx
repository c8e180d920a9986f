'use client';
import { useState } from 'react';

/**
 * An image or audio input of the playground: the picked file is sent as a data URI (the only way
 * /predict takes media: it reads no paths), with a preview of what is sent.
 */
export function MediaInput({ id, kind, value, onChange }: { id: string; kind: 'image' | 'audio'; value: string; onChange: (value: string) => void }) {
  const [fileName, setFileName] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const choose = (file: File | undefined) => {
    setProblem(null);
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      setFileName(file.name);
      onChange(String(reader.result));
    };
    reader.onerror = () => setProblem(`${file.name} could not be read.`);
    reader.readAsDataURL(file);
  };
  const picked = value.startsWith('data:');
  return (
    <div className="stack" style={{ gap: '0.5rem' }}>
      <div className="row" style={{ gap: '0.5rem', alignItems: 'center' }}>
        <input id={id} type="file" aria-label={`${kind === 'image' ? 'Picture' : 'Recording'} to predict`} accept={kind === 'image' ? 'image/*' : 'audio/wav,audio/x-wav,.wav'} onChange={(e) => choose(e.target.files?.[0])} />
        {picked ? <button type="button" className="btn btn-small" onClick={() => { setFileName(null); onChange(''); }}>Clear</button> : null}
      </div>
      {picked && kind === 'image' ? <img src={value} alt={fileName ?? 'the picked picture'} data-testid={`${id}-preview`} style={{ maxWidth: 160, maxHeight: 160, imageRendering: 'pixelated', border: '1px solid var(--border)' }} /> : null}
      {picked && kind === 'audio' ? <audio controls src={value} data-testid={`${id}-preview`} /> : null}
      <span className="small muted">{picked ? `${fileName ?? 'picked file'} (sent as a data URI)` : `no ${kind === 'image' ? 'picture' : 'recording'} chosen: sent as missing`}</span>
      {problem ? <span className="small" role="alert" style={{ color: 'var(--danger)' }}>{problem}</span> : null}
    </div>
  );
}
