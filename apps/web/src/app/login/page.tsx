import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { AuthForm } from '@/components/auth/auth-form';
import { Field } from '@/components/ui/field';
import { loginAction } from '@/server/auth/form-actions';
import { safeNextPath } from '@/server/auth/next-path';
import { currentUser } from '@/server/auth/page-session';
import { getContext } from '@/server/context';
import { needsSetup } from '@/server/services/accounts';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Overture' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const app = getContext();
  await app.ready;
  if (await needsSetup(app.db)) redirect('/setup');
  const { next } = await searchParams;
  if (await currentUser()) redirect(safeNextPath(next));
  return (
    <AuthCard title="Sign in to Overture" intro="Declarative deep learning on your own machines.">
      <AuthForm action={loginAction} submit="Sign in">
        <input type="hidden" name="next" value={safeNextPath(next)} />
        <Field id="email" label="Email"><input id="email" className="input" name="email" type="email" autoComplete="username" required autoFocus /></Field>
        <Field id="password" label="Password"><input id="password" className="input" name="password" type="password" autoComplete="current-password" required /></Field>
      </AuthForm>
    </AuthCard>
  );
}
