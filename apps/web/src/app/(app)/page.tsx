import { Overview } from '@/components/home/overview';

export const metadata = { title: 'Overture' };

export default function HomePage() {
  return <Overview />;
}
