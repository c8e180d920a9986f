import { redirect } from 'next/navigation';
import { UsersView } from '@/components/users/users-view';
import { PageHeader } from '@/components/ui/page-header';
import { currentUser } from '@/server/auth/page-session';

export const metadata = { title: 'Users · Overture' };

export default async function UsersPage() {
  if ((await currentUser())?.role !== 'admin') redirect('/');
  return (
    <>
      <PageHeader title="Users" description="Invite people and decide what each may do." />
      <UsersView />
    </>
  );
}
