'use client';
import { useEffect, useState } from 'react';
import { useDatasetColumns } from '@/client/queries/datasets';
import { useRun } from '@/client/queries/runs';
import type { DeploymentDetail } from '@/client/types';
import { instanceFrom, typicalValue } from '@/client/typical-row';
import { CodeBlock } from '../ui/code-block';

/** A `curl` call of this deployment with a typical row, ready to paste (the key comes from the environment). */
export function CurlExample({ deployment }: { deployment: DeploymentDetail }) {
  const run = useRun(deployment.runId);
  const columns = useDatasetColumns(run.data?.datasetId ?? '', Boolean(run.data?.datasetId));
  const [origin, setOrigin] = useState('http://localhost:3000');
  useEffect(() => setOrigin(window.location.origin), []);
  const profile = new Map((columns.data ?? []).map((c) => [c.name, c]));
  const instance = instanceFrom(deployment.inputs, (input) => typicalValue(profile.get(input.column), input.type) || (deployment.inputs.find((i) => i.column === input.column)?.typical ?? ''));
  const body = JSON.stringify({ instances: [instance] });
  const code = [
    `curl -s -X POST '${origin}${deployment.predictUrl}' \\`,
    `  -H "Authorization: Bearer $OVERTURE_API_KEY" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${body.replace(/'/g, "'\\''")}'`,
  ].join('\n');
  return (
    <>
      <p className="muted small">Set <code>OVERTURE_API_KEY</code> to a key from the <a href="/api-keys">API keys</a> page, then run:</p>
      <CodeBlock code={code} label="curl example" />
    </>
  );
}
