import { AuthCard } from '@/components/auth/auth-card';
import { AuthForm } from '@/components/auth/auth-form';
import { Field } from '@/components/ui/field';
import { acceptInviteAction } from '@/server/auth/form-actions';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Join Overture' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Join Overture" intro="You were invited. Choose a password to create your account.">
      <AuthForm action={acceptInviteAction} submit="Create my account">
        <input type="hidden" name="token" value={token} />
        <Field id="name" label="Name"><input id="name" className="input" name="name" autoComplete="name" autoFocus /></Field>
        <Field id="password" label="Password" help="12 characters or more, not a common password (a few unrelated words work well)."><input id="password" className="input" name="password" type="password" autoComplete="new-password" minLength={12} required /></Field>
      </AuthForm>
    </AuthCard>
  );
}
