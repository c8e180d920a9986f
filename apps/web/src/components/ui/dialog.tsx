'use client';
import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog (native <dialog>: focus trap and Escape come with it). */
export function Dialog({ open, onClose, title, children, footer }: { open: boolean; onClose: () => void; title: string; children: ReactNode; footer: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // showModal() focuses the first control (Cancel); a footer can name the one Enter should press.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-label={title}>
      {open ? (
        <>
          <div className="dialog-body">
            <h2>{title}</h2>
            {children}
          </div>
          <div className="dialog-footer">{footer}</div>
        </>
      ) : null}
    </dialog>
  );
}
