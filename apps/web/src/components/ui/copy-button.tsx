'use client';
import { useState } from 'react';

/** Copies text to the clipboard (with a fallback where the Clipboard API is unavailable). */
export function CopyButton({ text, label = 'Copy', description }: { text: string; label?: string; description?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return <button type="button" className="btn btn-small copy" onClick={copy} aria-label={description ?? label}>{copied ? 'Copied' : label}</button>;
}
