import { AsyncLocalStorage } from 'node:async_hooks';

/** What the code running for one HTTP request knows about it: its id, for log lines and the jobs it enqueues. */
export interface RequestScope {
  requestId: string;
}

// On globalThis: Next bundles the process context apart from each route (see errors.ts), and both must see one store.
const holder = globalThis as typeof globalThis & { __overtureRequestScope?: AsyncLocalStorage<RequestScope> };
const store = (holder.__overtureRequestScope ??= new AsyncLocalStorage<RequestScope>());

export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return store.run(scope, work);
}

/** The id of the request this code runs for; undefined outside a request (start-up, timers). */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}

/** pino mixin: the request id on every line written while a request is handled. */
export function requestLogFields(): Record<string, unknown> {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}
