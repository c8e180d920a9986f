'use client';
import { useState } from 'react';
import { Card } from '../ui/card';
import { Tabs } from '../ui/tabs';
import { SqlSourceForm } from './sql-source-form';
import { UploadForm } from './upload-form';

export function NewDataset() {
  const [tab, setTab] = useState<'file' | 'sql'>('file');
  return (
    <Card>
      <Tabs label="Source" value={tab} onChange={setTab} tabs={[{ id: 'file', label: 'Upload a file' }, { id: 'sql', label: 'SQL query' }]} />
      {tab === 'file' ? <UploadForm /> : <SqlSourceForm />}
    </Card>
  );
}
