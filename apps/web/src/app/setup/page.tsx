import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { AuthForm } from '@/components/auth/auth-form';
import { Field } from '@/components/ui/field';
import { setupAction } from '@/server/auth/form-actions';
import { getContext } from '@/server/context';
import { needsSetup } from '@/server/services/accounts';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create the admin · Overture' };

/** The one-time "create admin" page: open only while the platform has no users. */
export default async function SetupPage() {
  const app = getContext();
  await app.ready;
  if (!(await needsSetup(app.db))) redirect('/login');
  return (
    <AuthCard title="Create the admin account" intro="Overture has no users yet. The first account is the admin, who can invite everyone else.">
      <AuthForm action={setupAction} submit="Create admin and sign in">
        <Field id="email" label="Email"><input id="email" className="input" name="email" type="email" autoComplete="username" required autoFocus /></Field>
        <Field id="name" label="Name"><input id="name" className="input" name="name" autoComplete="name" /></Field>
        <Field id="password" label="Password" help="12 characters or more, not a common password (a few unrelated words work well)."><input id="password" className="input" name="password" type="password" autoComplete="new-password" minLength={12} required /></Field>
      </AuthForm>
    </AuthCard>
  );
}
