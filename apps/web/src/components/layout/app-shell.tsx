'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { SessionProvider } from '@/client/session';
import type { SessionUser } from '@/client/types';

const sections: { title: string; links: { href: string; label: string; icon: string; admin?: boolean }[] }[] = [
  { title: 'Build', links: [
    { href: '/datasets', label: 'Datasets', icon: '▤' },
    { href: '/models', label: 'Models', icon: '◇' },
    { href: '/runs', label: 'Runs', icon: '↗' },
  ] },
  { title: 'Serve', links: [
    { href: '/deployments', label: 'Deployments', icon: '⇥' },
    { href: '/api-keys', label: 'API keys', icon: '◎' },
  ] },
  { title: 'Operate', links: [
    { href: '/workers', label: 'Workers', icon: '⚙' },
    { href: '/storage', label: 'Storage', icon: '▦' },
    { href: '/pretrained-models', label: 'Pretrained models', icon: '◈' },
    { href: '/users', label: 'Users', icon: '☺', admin: true },
  ] },
];

/** The signed-in layout: navigation on the left, the page on the right. */
export function AppShell({ user, signOut, children }: { user: SessionUser; signOut: () => Promise<void>; children: ReactNode }) {
  const pathname = usePathname();
  return (
    <SessionProvider user={user}>
    <div className="shell">
      <aside className="sidebar">
        <Link href="/" className="brand"><span className="brand-mark" aria-hidden>O</span>Overture</Link>
        <nav className="nav" aria-label="Main">
          {sections.map((section) => (
            <div key={section.title} className="nav">
              <div className="nav-section">{section.title}</div>
              {section.links.filter((l) => !l.admin || user.role === 'admin').map((link) => (
                <Link key={link.href} href={link.href} aria-current={pathname === link.href || pathname.startsWith(`${link.href}/`) ? 'page' : undefined}>
                  <span className="nav-icon" aria-hidden>{link.icon}</span>{link.label}
                </Link>
              ))}
            </div>
          ))}
        </nav>
        <div className="sidebar-footer">
          <div className="who" title={user.email}>{user.name ?? user.email}</div>
          <div className="role">{user.role}</div>
          <form action={signOut}><button type="submit">Sign out</button></form>
        </div>
      </aside>
      <main className="main">{children}</main>
    </div>
    </SessionProvider>
  );
}
