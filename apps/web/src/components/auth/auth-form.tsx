'use client';
import { useActionState, type ReactNode } from 'react';

export type FormState = { error: string | null };

/** A server-action form that shows the action's error message; the fields come as children. */
export function AuthForm({ action, submit, children }: { action: (state: FormState, data: FormData) => Promise<FormState>; submit: string; children: ReactNode }) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  return (
    <form action={formAction}>
      {children}
      {state.error ? <p className="auth-error" role="alert">{state.error[0].toUpperCase() + state.error.slice(1)}</p> : null}
      <button type="submit" className="btn btn-primary" disabled={pending}>{pending ? 'One moment…' : submit}</button>
    </form>
  );
}
