// Express 5 gives `req.route.path` relative to its router and `req.baseUrl` as the *matched*
// mount path (`/shops/acme`), so neither alone is a bounded name for the route. We find the
// matched Route in the app's router tree once, join the mount patterns on the way down
// (`layer.rawPath`, router >= 2.3) and cache them per Route; a router mounted at several paths
// has several, and the one whose pattern fits `req.baseUrl` wins. The result never contains a
// value from the URL: whatever cannot be told apart falls back to a template, never to a path.

import { requestPath } from './request-filter.js';

interface RouteLike {
  readonly path?: unknown;
}
interface LayerLike {
  readonly route?: unknown;
  readonly handle?: { readonly stack?: unknown };
  readonly rawPath?: unknown;
}
interface AppLike {
  readonly router?: { readonly stack?: unknown };
  readonly mountpath?: unknown;
  readonly parent?: AppLike;
}

/** The parts of an Express request the resolver reads (an Express 5 `Request` has them all). */
export interface RoutedRequest {
  readonly route?: unknown;
  readonly app?: unknown;
  readonly baseUrl?: unknown;
  readonly originalUrl?: unknown;
  readonly url?: unknown;
}

/** Deepest router nesting searched, and most mount points kept per Route. */
const MAX_DEPTH = 32;
const MAX_MOUNTS = 16;

/**
 * Returns a function mapping a handled Express request to its route template including router
 * and sub-app mount paths (`/shops/:shop/orders/:id`), or `undefined` when no route matched
 * (404s, answers from middleware), for the caller to replace with its one fixed value.
 *
 * Array paths of a route keep their pattern text joined by `|` (`/a/:x|/b/:y`), RegExp paths
 * their source (`/^\/re\/\d+$/`); a router mounted at several paths (twice, or one array) is
 * named by the mount that matched. Never throws.
 */
export function createRouteTemplateResolver(): (req: RoutedRequest) => string | undefined {
  // Route → mount templates (relative to its app) it is reachable under.
  const cache = new WeakMap<object, readonly string[]>();
  return (req) => {
    const route = req.route;
    if (typeof route !== 'object' || route === null) return undefined;
    const path = patternText((route as RouteLike).path);
    let prefix = '';
    try {
      const app = (req.app ?? undefined) as AppLike | undefined;
      let mounts = cache.get(route);
      if (mounts === undefined) {
        mounts = findMounts(app?.router?.stack, route);
        cache.set(route, mounts);
      }
      const appPrefix = app?.parent ? subAppMountPath(app) : '';
      prefix = joinPaths(appPrefix, pickMount(mounts, appPrefix, path, req));
    } catch {
      // A router tree we do not understand: the route's own pattern is still a template.
    }
    return joinPaths(prefix, path);
  };
}

/** Mount templates (relative to the app) of every place `target` is reachable from `stack`. */
function findMounts(stack: unknown, target: object): string[] {
  const found: string[] = [];
  const visited = new Set<unknown>();
  const walk = (layers: unknown, prefix: string, depth: number): void => {
    if (!Array.isArray(layers) || depth > MAX_DEPTH || visited.has(layers)) return;
    visited.add(layers);
    for (const layer of layers as LayerLike[]) {
      if (found.length >= MAX_MOUNTS) break;
      if (layer.route === target) {
        found.push(prefix);
        continue;
      }
      const child = layer.handle?.stack;
      if (layer.route !== undefined || !Array.isArray(child)) continue;
      // `app.use(['/a', '/b'], router)`: each alternative is a mount point of its own.
      const raw = Array.isArray(layer.rawPath) ? layer.rawPath.flat(MAX_DEPTH) : [layer.rawPath];
      for (const mount of raw) walk(child, joinPaths(prefix, mountText(mount)), depth + 1);
    }
    visited.delete(layers); // the same router may be mounted again elsewhere
  };
  walk(stack, '', 0);
  return found;
}

/**
 * The mount the request came through: the one whose full template fits the request path (this
 * survives an error, after which Express has already restored `baseUrl` to the parent's), else
 * the one whose pattern fits `baseUrl` (routes with wildcard paths), else the first.
 */
function pickMount(
  mounts: readonly string[],
  appPrefix: string,
  routePath: string,
  req: RoutedRequest,
): string {
  if (mounts.length <= 1) return mounts[0] ?? '';
  if (typeof req.originalUrl === 'string' || typeof req.url === 'string') {
    const path = requestPath(req);
    for (const mount of mounts) {
      if (matchesPath(joinPaths(joinPaths(appPrefix, mount), routePath), path)) return mount;
    }
  }
  const baseUrl = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  for (const mount of mounts) if (matchesPath(joinPaths(appPrefix, mount), baseUrl)) return mount;
  return mounts[0] as string;
}

/**
 * True if concrete `path` fits `template` segment by segment (`:name` matches any segment,
 * literals compare case-insensitively as Express does). Patterns with wildcards, optional
 * parts or regular expressions never match.
 */
function matchesPath(template: string, path: string): boolean {
  const t = template.split('/').filter(Boolean);
  const p = path.split('/').filter(Boolean);
  if (t.length !== p.length) return false;
  return t.every((segment, i) => {
    if (/[*?(){}|\\]/.test(segment)) return false;
    if (segment.startsWith(':')) return true;
    return segment.toLowerCase() === p[i]?.toLowerCase();
  });
}

function subAppMountPath(app: AppLike): string {
  let prefix = '';
  let depth = 0;
  for (let current: AppLike | undefined = app; current?.parent; current = current.parent) {
    if (++depth > MAX_DEPTH) break;
    prefix = joinPaths(mountText(current.mountpath), prefix);
  }
  return prefix;
}

/** `''` for the root, else the pattern text. Unknown (router < 2.3): `''`, which stays bounded. */
function mountText(path: unknown): string {
  if (path === undefined || path === '/') return '';
  return patternText(path);
}

function patternText(path: unknown): string {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return path.toString();
  if (Array.isArray(path)) return path.map(patternText).join('|');
  return '';
}

function joinPaths(prefix: string, path: string): string {
  if (prefix === '') return path === '' ? '/' : path;
  if (path === '' || path === '/') return prefix;
  return prefix.endsWith('/') && path.startsWith('/') ? prefix + path.slice(1) : prefix + path;
}
