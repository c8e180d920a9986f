import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { loginAction } from '@/server/auth/form-actions';
import { currentUser } from '@/server/auth/page-session';
import { getContext } from '@/server/context';
import { needsSetup } from '@/server/services/accounts';

export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const app = getContext();
  await app.ready;
  if (await needsSetup(app.db)) redirect('/setup');
  if (await currentUser()) redirect('/');
  const { next } = await searchParams;
  return (
    <main className="auth-card">
      <h1>Sign in to Overture</h1>
      <AuthForm action={loginAction} submit="Sign in">
        <input type="hidden" name="next" value={next ?? '/'} />
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </AuthForm>
    </main>
  );
}
