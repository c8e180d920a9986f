'use client';
import { useState, type FormEvent } from 'react';
import { formatRelative } from '@/client/format';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '@/client/queries/accounts';
import { Card } from '../ui/card';
import { CopyButton } from '../ui/copy-button';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { QueryState } from '../ui/query-state';
import { StatusBadge } from '../ui/status-badge';

/** Create a key (shown once), list yours, revoke one. */
export function ApiKeys() {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim() || 'API key', { onSuccess: () => setName('') });
  };
  return (
    <>
      <Card title="Create a key" description="Programs send it as “Authorization: Bearer <key>”. It acts as you, with your role.">
        <form onSubmit={submit} className="row" style={{ alignItems: 'flex-end' }}>
          <div style={{ flex: 1, minWidth: 240 }}>
            <Field id="key-name" label="What is it for?"><input id="key-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. checkout service" /></Field>
          </div>
          <button type="submit" className="btn btn-primary" style={{ marginBottom: '0.9rem' }} disabled={create.isPending}>{create.isPending ? 'Creating…' : 'Create key'}</button>
        </form>
        <ErrorMessage error={create.error} />
        {create.data ? (
          <div className="alert alert-warn" role="status">
            <strong>Copy this key now: it is shown only once.</strong>
            <div className="row section-gap"><code className="secret" data-testid="new-api-key" style={{ flex: 1 }}>{create.data.key}</code><CopyButton text={create.data.key} label="Copy key" /></div>
          </div>
        ) : null}
      </Card>
      <Card title="Your keys" flush>
        <QueryState query={keys}>
          {(list) => list.length === 0 ? <EmptyState icon="◎" title="No API keys yet">Create one above to call the API or <code>/predict</code> from a program.</EmptyState> : (
            <table className="table" aria-label="API keys">
              <thead><tr><th>Name</th><th>Key</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
              <tbody>
                {list.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td className="mono">{k.prefix}…</td>
                    <td className="muted">{formatRelative(k.createdAt)}</td>
                    <td className="muted">{k.lastUsedAt ? formatRelative(k.lastUsedAt) : 'never'}</td>
                    <td><StatusBadge status={k.revokedAt ? 'revoked' : 'active'} /></td>
                    <td className="num">{k.revokedAt ? null : <button type="button" className="btn btn-small btn-danger" disabled={revoke.isPending} onClick={() => revoke.mutate(k.id)}>Revoke</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
        <div style={{ padding: '0 1rem' }}><ErrorMessage error={revoke.error} /></div>
      </Card>
    </>
  );
}
