import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// No next/font/google: it downloads at build time, and Overture builds and runs offline.
export const metadata: Metadata = { title: 'Overture', description: 'Declarative deep learning, self-hosted' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
