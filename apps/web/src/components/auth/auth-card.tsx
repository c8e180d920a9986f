import type { ReactNode } from 'react';

/** The frame of the sign-in, setup and invitation pages. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="brand"><span className="brand-mark" aria-hidden>O</span>Overture</div>
        <h1>{title}</h1>
        {intro ? <p>{intro}</p> : null}
        {children}
      </div>
    </main>
  );
}
