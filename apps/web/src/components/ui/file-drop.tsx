'use client';
import { useRef, useState } from 'react';
import { formatBytes, formatPercent } from '@/client/format';
import { ProgressBar } from './progress-bar';

/**
 * The state of an upload form: the chosen file, its name (defaulting to the file's), the
 * upload's progress, and the upload mutation (`useUpload`, fed the progress) reset whenever
 * another file is chosen.
 */
export function useFileUpload<M extends { reset(): void }>(useUpload: (onProgress: (fraction: number) => void) => M) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [progress, setProgress] = useState(0);
  const upload = useUpload(setProgress);
  const choose = (chosen: File) => {
    setFile(chosen);
    upload.reset();
    setProgress(0);
  };
  return { file, name, setName, progress, choose, upload };
}

/** A drop zone that is also a keyboard-usable button opening the file picker. */
export function FileDropZone(props: {
  file: File | null;
  onChoose: (file: File) => void;
  /** Accessible name of the zone. */
  label: string;
  /** Shown before a file is chosen: what to do, and which files fit. */
  prompt: string;
  hint: string;
  accept: string;
  testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const choose = (f: File | undefined) => {
    if (f) props.onChoose(f);
  };
  return (
    <div
      className={over ? 'dropzone over' : 'dropzone'}
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); choose(e.dataTransfer.files[0]); }}
      onClick={() => input.current?.click()}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.current?.click(); } }}
      aria-label={props.label}
    >
      {props.file ? (
        <><strong>{props.file.name}</strong><div className="muted">{formatBytes(props.file.size)} — click to pick another file</div></>
      ) : (
        <><strong>{props.prompt}</strong><div className="muted">{props.hint}</div></>
      )}
      <input ref={input} type="file" hidden data-testid={props.testId} accept={props.accept} onChange={(e) => choose(e.target.files?.[0])} />
    </div>
  );
}

/** Upload progress: a bar with its percentage, and `afterUpload` once every byte is sent. */
export function UploadProgress({ progress, afterUpload }: { progress: number; afterUpload: string }) {
  return (
    <>
      <div className="row small">
        <span>{progress >= 1 ? afterUpload : 'Uploading…'}</span><span className="spacer" /><span>{formatPercent(progress, 0)}</span>
      </div>
      <ProgressBar fraction={progress} label="Upload progress" />
    </>
  );
}
