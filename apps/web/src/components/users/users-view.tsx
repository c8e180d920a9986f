'use client';
import { useState, type FormEvent } from 'react';
import { formatRelative } from '@/client/format';
import { useChangeRole, useInvitations, useInvite, useRemoveUser, useUsers, useWithdrawInvitation } from '@/client/queries/accounts';
import { useSession } from '@/client/session';
import type { User } from '@/client/types';
import { Card } from '../ui/card';
import { CopyButton } from '../ui/copy-button';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';

const roles: { id: User['role']; about: string }[] = [
  { id: 'viewer', about: 'sees everything, changes nothing' },
  { id: 'member', about: 'adds data, trains and deploys' },
  { id: 'admin', about: 'also manages users' },
];

/** Admins invite people with a role, change roles and remove accounts. */
export function UsersView() {
  const me = useSession();
  const users = useUsers();
  const invitations = useInvitations();
  const changeRole = useChangeRole();
  const remove = useRemoveUser();
  const withdraw = useWithdrawInvitation();
  return (
    <>
      <InviteForm />
      <Card title="People" flush>
        <QueryState query={users}>
          {(list) => (
            <table className="table" aria-label="Users">
              <thead><tr><th>Email</th><th>Name</th><th>Role</th><th>Joined</th><th /></tr></thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.id}>
                    <td>{u.email}{u.id === me.id ? <span className="faint"> (you)</span> : null}</td>
                    <td>{u.name ?? '—'}</td>
                    <td>
                      <select className="input" style={{ width: 'auto' }} aria-label={`Role of ${u.email}`} value={u.role} disabled={u.id === me.id || changeRole.isPending} onChange={(e) => changeRole.mutate({ id: u.id, role: e.target.value as User['role'] })}>
                        {roles.map((r) => <option key={r.id} value={r.id}>{r.id}</option>)}
                      </select>
                    </td>
                    <td className="muted">{formatRelative(u.createdAt)}</td>
                    <td className="num">{u.id === me.id ? null : <button type="button" className="btn btn-small btn-danger" onClick={() => { if (window.confirm(`Remove ${u.email}? Their sessions and API keys stop working.`)) remove.mutate(u.id); }}>Remove</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
        <div style={{ padding: '0 1rem' }}><ErrorMessage error={changeRole.error ?? remove.error} /></div>
      </Card>
      <Card title="Invitations" flush>
        <QueryState query={invitations}>
          {(list) => list.length === 0 ? <p className="muted" style={{ padding: '1rem', margin: 0 }}>No invitations yet.</p> : (
            <table className="table" aria-label="Invitations">
              <thead><tr><th>Email</th><th>Role</th><th>Status</th><th>Expires</th><th /></tr></thead>
              <tbody>
                {list.map((i) => (
                  <tr key={i.id}>
                    <td>{i.email}</td><td>{i.role}</td>
                    <td><StatusBadge status={i.acceptedAt ? 'accepted' : 'pending'} /></td>
                    <td className="muted">{new Date(i.expiresAt).toLocaleDateString('en-GB')}</td>
                    <td className="num">{i.acceptedAt ? null : <button type="button" className="btn btn-small" onClick={() => withdraw.mutate(i.id)}>Withdraw</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </Card>
    </>
  );
}

function InviteForm() {
  const invite = useInvite();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<User['role']>('member');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail('') });
  };
  return (
    <Card title="Invite someone" description="They get a link to choose a password. Send it to them yourself: the link is shown once.">
      <form onSubmit={submit}>
        <div className="form-row">
          <Field id="invite-email" label="Email"><input id="invite-email" className="input" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required /></Field>
          <Field id="invite-role" label="Role" help={roles.find((r) => r.id === role)?.about}>
            <select id="invite-role" className="input" value={role} onChange={(e) => setRole(e.target.value as User['role'])}>{roles.map((r) => <option key={r.id} value={r.id}>{r.id}</option>)}</select>
          </Field>
        </div>
        <button type="submit" className="btn btn-primary" disabled={invite.isPending}>{invite.isPending ? 'Inviting…' : 'Create invitation'}</button>
      </form>
      <div className="section-gap"><ErrorMessage error={invite.error} /></div>
      {invite.data ? (
        <div className="alert alert-ok" role="status">
          <strong>Invitation for {invite.data.email} ({invite.data.role})</strong>
          <div className="row section-gap"><code className="secret" data-testid="invitation-link" style={{ flex: 1 }}>{absoluteLink(invite.data.url)}</code><CopyButton text={absoluteLink(invite.data.url)} label="Copy link" /></div>
        </div>
      ) : null}
    </Card>
  );
}

/** Without OVERTURE_PUBLIC_URL the server gives a path: this page's own origin is the one the admin reached us at. */
function absoluteLink(url: string): string {
  return url.startsWith('/') ? `${window.location.origin}${url}` : url;
}
