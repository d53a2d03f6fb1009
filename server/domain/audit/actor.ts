/**
 * Who is acting, for the audit log: set once per request (or per command-line run) and read by `audit()` inside
 * the services, so no service signature has to carry the actor through. Read lazily: the API's bearer token is
 * checked by a router after this is set.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface AuditActor {
  id: string | null;
  name: string;
  via: 'web' | 'api' | 'cli' | 'job';
}

const store = new AsyncLocalStorage<() => AuditActor>();

/** Runs `work` with `actor` (called when an event is written) as the one who acts. */
export function withAuditActor<T>(actor: () => AuditActor, work: () => T): T {
  return store.run(actor, work);
}

/** The one acting now; outside any request or command, the scheduler (`job`). */
export function currentActor(): AuditActor {
  return store.getStore()?.() ?? { id: null, name: '', via: 'job' };
}
