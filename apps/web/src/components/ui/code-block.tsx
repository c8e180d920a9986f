import { CopyButton } from './copy-button';

export function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <div className="code-wrap">
      <pre className="code" aria-label={label}>{code}</pre>
      <CopyButton text={code} label="Copy" description={`Copy ${label}`} />
    </div>
  );
}
