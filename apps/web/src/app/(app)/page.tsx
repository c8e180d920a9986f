import { logoutAction } from '@/server/auth/form-actions';
import { currentUser } from '@/server/auth/page-session';

// Placeholder home page until the UI engineer's dashboard lands.
export default async function HomePage() {
  const user = await currentUser();
  return (
    <main className="auth-card">
      <h1>Overture</h1>
      <p>Signed in as {user?.email} ({user?.role}).</p>
      <p>The REST API is described at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
      <form action={logoutAction}><button type="submit">Sign out</button></form>
    </main>
  );
}
