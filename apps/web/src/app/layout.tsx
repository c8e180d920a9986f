import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// System fonts only: next/font's Google loader downloads at build time, and Overture builds offline.
export const metadata: Metadata = { title: 'Overture', description: 'Declarative deep learning, self-hosted' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
