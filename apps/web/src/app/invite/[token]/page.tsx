import { AuthForm } from '@/components/auth/auth-form';
import { acceptInviteAction } from '@/server/auth/form-actions';

export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="auth-card">
      <h1>Join Overture</h1>
      <p>Choose a password to accept your invitation.</p>
      <AuthForm action={acceptInviteAction} submit="Create account">
        <input type="hidden" name="token" value={token} />
        <label htmlFor="name">Name</label>
        <input id="name" name="name" autoComplete="name" />
        <label htmlFor="password">Password (8 characters or more)</label>
        <input id="password" name="password" type="password" autoComplete="new-password" minLength={8} required />
      </AuthForm>
    </main>
  );
}
