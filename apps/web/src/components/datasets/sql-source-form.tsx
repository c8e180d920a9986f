'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useCreateSqlDataset, useTestSource, type SqlSource } from '@/client/queries/datasets';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';

const placeholders: Record<SqlSource['type'], string> = {
  postgres: 'postgresql://user:password@db.example.com:5432/sales',
  mysql: 'mysql://user:password@db.example.com:3306/sales',
};

/** A Postgres or MySQL query, tested (read-only) before it is snapshotted into a dataset. */
export function SqlSourceForm() {
  const router = useRouter();
  const [source, setSource] = useState<SqlSource>({ type: 'postgres', url: '', query: '' });
  const [name, setName] = useState('');
  const test = useTestSource();
  const create = useCreateSqlDataset();
  const set = (patch: Partial<SqlSource>) => { setSource((s) => ({ ...s, ...patch })); test.reset(); };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim() || 'SQL query', source }, { onSuccess: (d) => router.push(`/datasets/${d.id}`) });
  };
  return (
    <form onSubmit={submit}>
      <div className="form-row">
        <Field id="sql-type" label="Database">
          <select id="sql-type" className="input" value={source.type} onChange={(e) => set({ type: e.target.value as SqlSource['type'] })}>
            <option value="postgres">PostgreSQL</option>
            <option value="mysql">MySQL / MariaDB</option>
          </select>
        </Field>
        <Field id="sql-name" label="Dataset name">
          <input id="sql-name" className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. orders last quarter" />
        </Field>
      </div>
      <Field id="sql-url" label="Connection URL" help="Use a read-only database user (SELECT on the tables you need, nothing more): superusers and users that can write are refused. Stored encrypted; the query runs as one statement in a read-only transaction.">
        <input id="sql-url" className="input mono" value={source.url} onChange={(e) => set({ url: e.target.value })} placeholder={placeholders[source.type]} required autoComplete="off" />
      </Field>
      <Field id="sql-query" label="Query">
        <textarea id="sql-query" className="input" rows={5} value={source.query} onChange={(e) => set({ query: e.target.value })} placeholder="SELECT * FROM orders WHERE created_at > now() - interval '90 days'" required />
      </Field>
      <ErrorMessage error={test.error} title="The connection test failed" />
      {test.data ? (
        <div className="alert alert-ok" role="status">
          <strong>Connected to {test.data.database} on {test.data.host}</strong>
          {test.data.serverVersion}. The query returns {test.data.columns.length} columns: {test.data.columns.join(', ')}.
        </div>
      ) : null}
      {test.data && test.data.rows.length > 0 ? (
        <div className="table-wrap" style={{ marginBottom: '1rem' }}>
          <table className="table compact">
            <thead><tr>{test.data.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>{test.data.rows.slice(0, 5).map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j} className="cell-truncate">{v === null ? <span className="faint">null</span> : String(v)}</td>)}</tr>)}</tbody>
          </table>
        </div>
      ) : null}
      <ErrorMessage error={create.error} title="The snapshot could not start" />
      <div className="actions">
        <button type="button" className="btn" onClick={() => test.mutate(source)} disabled={!source.url || test.isPending}>{test.isPending ? 'Testing…' : 'Test connection'}</button>
        <button type="submit" className="btn btn-primary" disabled={!source.url || !source.query || create.isPending}>{create.isPending ? 'Starting…' : 'Snapshot into a dataset'}</button>
      </div>
    </form>
  );
}
