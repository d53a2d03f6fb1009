/**
 * The routes an Express app has, read from its router (Express 5 / router 2): method and path of every route,
 * through nested routers, with the prefix of routers mounted under one (found by asking the layer to match).
 */
import type { Express } from 'express';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  match(path: string): boolean;
}

export interface AppRoute {
  method: string;
  path: string;
}

/** Prefixes routers are mounted under in Pulse (the API); a router layer that matches only under one gets it. */
const PREFIXES = ['/api/v1'];

function walk(stack: Layer[], prefix: string, out: AppRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push({ method: m, path: prefix + p });
    } else if (layer.handle?.stack) {
      const under = prefix ? '' : (PREFIXES.find((p) => layer.match(`${p}/__probe__`) && !layer.match('/__probe__')) ?? '');
      walk(layer.handle.stack, prefix + under, out);
    }
  }
}

export function appRoutes(app: Express): AppRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const out: AppRoute[] = [];
  walk(router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => (seen.has(`${r.method} ${r.path}`) ? false : (seen.add(`${r.method} ${r.path}`), true)));
}
