import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/auth/auth-form';
import { setupAction } from '@/server/auth/form-actions';
import { getContext } from '@/server/context';
import { needsSetup } from '@/server/services/accounts';

export const dynamic = 'force-dynamic';

/** The one-time "create admin" page: open only while the platform has no users. */
export default async function SetupPage() {
  const app = getContext();
  await app.ready;
  if (!(await needsSetup(app.db))) redirect('/login');
  return (
    <main className="auth-card">
      <h1>Create the admin account</h1>
      <p>Overture has no users yet. The first account is the admin, who can invite others.</p>
      <AuthForm action={setupAction} submit="Create admin">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="name">Name</label>
        <input id="name" name="name" autoComplete="name" />
        <label htmlFor="password">Password (8 characters or more)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={8} required />
      </AuthForm>
    </main>
  );
}
