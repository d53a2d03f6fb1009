/**
 * Every route an Express 5 app answers, read from the router itself (`app.router.stack`, and the stacks of the
 * routers mounted in it, with their mount paths): `appRoutes(app)` → `['GET /login', 'POST /api/v1/kpi-values', …]`.
 * A route added later shows up here without anyone listing it, so tables of routes can be checked against it.
 */
import type { Express } from 'express';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  rawPath?: string | RegExp | (string | RegExp)[];
  handle?: { stack?: Layer[] };
}

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

function walk(stack: Layer[], prefix: string, out: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const p of asList(layer.route.path)) {
        for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.add(`${m.toUpperCase()} ${prefix}${p}`);
      }
    } else if (layer.handle?.stack) {
      for (const p of asList(layer.rawPath ?? '/')) {
        if (typeof p !== 'string') throw new Error(`a router mounted on a regular expression (${String(p)}): list its routes by hand`);
        walk(layer.handle.stack, prefix + (p === '/' ? '' : p), out);
      }
    }
  }
}

/** "METHOD /path" of every route of `app` (Express paths, with their :params), sorted. */
export function appRoutes(app: Express): string[] {
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!router) throw new Error('no app.router: is this Express 5?');
  const out = new Set<string>();
  walk(router.stack, '', out);
  return [...out].sort();
}

export interface AppRoute {
  /** Lower case, as supertest's methods are named. */
  method: string;
  path: string;
}

/** The same routes as method and path. */
export function appRouteList(app: Express): AppRoute[] {
  return appRoutes(app).map((r) => {
    const [method, path] = r.split(' ');
    return { method: method.toLowerCase(), path };
  });
}
