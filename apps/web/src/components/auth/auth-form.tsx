'use client';
import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from 'react';

export type FormState = { error: string | null };

/**
 * A server-action form that shows the action's error message; the fields come as children.
 * React resets a form after its action runs, which would clear the email a user just typed when
 * the password was wrong: the submit dispatches the action itself (no reset), and only the
 * password fields are cleared and focused after an error. Without JavaScript the form still posts.
 */
export function AuthForm({ action, submit, children }: { action: (state: FormState, data: FormData) => Promise<FormState>; submit: string; children: ReactNode }) {
  const [state, formAction, pending] = useActionState(action, { error: null });
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!state.error || !form.current) return;
    const passwords = [...form.current.querySelectorAll<HTMLInputElement>('input[type="password"]')];
    for (const input of passwords) input.value = '';
    passwords[0]?.focus();
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit}>
      {children}
      {state.error ? <p className="auth-error" role="alert">{state.error[0].toUpperCase() + state.error.slice(1)}</p> : null}
      <button type="submit" className="btn btn-primary" disabled={pending}>{pending ? 'One moment…' : submit}</button>
    </form>
  );
}
