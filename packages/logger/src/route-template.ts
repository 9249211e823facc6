// Express 5 gives `req.route.path` relative to its router and `req.baseUrl` as the *matched*
// mount path (`/shops/acme`), so `baseUrl + route.path` logs parameter values. We find the
// matched Route in the app's router tree once, join the mount patterns on the way down
// (`layer.rawPath`, router >= 2.3) and cache the result per Route; the hot path is one WeakMap
// lookup. Anything unexpected falls back to `baseUrl + route.path`, the value Express reports.

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
/** The parts of an Express request the resolver reads. */
export interface RoutedRequest {
  readonly route?: unknown;
  readonly app?: AppLike;
  readonly baseUrl?: string;
}

/** Deepest router nesting searched, and most mount points kept per Route. */
const MAX_DEPTH = 32;
const MAX_MOUNTS = 16;

/**
 * Returns a function mapping a handled Express request to its route template
 * (`/shops/:shop/orders/:id`), or `undefined` when no route matched.
 */
export function createRouteTemplateResolver(): (req: RoutedRequest) => string | undefined {
  // Route → mount-path templates it is reachable under (a router mounted twice has two).
  const cache = new WeakMap<object, readonly string[]>();
  return (req) => {
    const route = req.route as RouteLike | undefined;
    if (typeof route !== 'object' || route === null) return undefined;
    const path = patternText(route.path);
    const baseUrl = typeof req.baseUrl === 'string' ? req.baseUrl : '';
    try {
      const app = req.app;
      let mounts = cache.get(route);
      if (mounts === undefined) {
        mounts = findMounts(app?.router?.stack, route);
        cache.set(route, mounts);
      }
      const appPrefix = app?.parent ? subAppMountPath(app) : '';
      const mount = pickMount(mounts, appPrefix, baseUrl);
      if (mount !== undefined) return joinPaths(joinPaths(appPrefix, mount), path);
    } catch {
      // A router tree we do not understand: report what Express matched.
    }
    return `${baseUrl}${path}`;
  };
}

/** Mount templates (relative to the app) of every place `target` is reachable from `stack`. */
function findMounts(stack: unknown, target: object): string[] {
  const found: string[] = [];
  const visited = new Set<unknown>();
  const walk = (layers: unknown, prefix: string | undefined, depth: number): void => {
    if (!Array.isArray(layers) || depth > MAX_DEPTH || visited.has(layers)) return;
    visited.add(layers);
    for (const layer of layers as LayerLike[]) {
      if (found.length >= MAX_MOUNTS) return;
      if (layer.route === target) {
        // `undefined`: a mount without `rawPath` (router < 2.3) on the way; not a template.
        if (prefix !== undefined) found.push(prefix);
        continue;
      }
      const child = layer.handle?.stack;
      if (layer.route === undefined && Array.isArray(child)) {
        const mount = mountText(layer.rawPath);
        const next =
          prefix === undefined || mount === undefined ? undefined : joinPaths(prefix, mount);
        walk(child, next, depth + 1);
        visited.delete(child); // the same router may be mounted again elsewhere
      }
    }
  };
  walk(stack, '', 0);
  return found;
}

/** The mount template whose pattern matches the concrete `baseUrl`; the only one if just one. */
function pickMount(
  mounts: readonly string[],
  appPrefix: string,
  baseUrl: string,
): string | undefined {
  if (mounts.length === 1) return mounts[0];
  for (const mount of mounts) if (matchesPath(joinPaths(appPrefix, mount), baseUrl)) return mount;
  return undefined;
}

/**
 * True if concrete `path` fits `template` segment by segment (`:name` matches any segment,
 * literals compare case-insensitively as Express does). Patterns with wildcards, optional
 * parts or regular expressions never match, so an ambiguous route falls back to `baseUrl`.
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
    const mount = mountText(current.mountpath);
    if (mount === undefined) throw new Error('sub-app mount path unknown');
    prefix = joinPaths(mount, prefix);
  }
  return prefix;
}

/** `''` for the root, the pattern text, or `undefined` when the mount pattern is unknown. */
function mountText(path: unknown): string | undefined {
  if (path === '/') return '';
  if (path === undefined) return undefined;
  const text = patternText(path);
  return text === '' ? undefined : text;
}

function patternText(path: unknown): string {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return path.toString();
  if (Array.isArray(path)) return path.map(patternText).join('|');
  return '';
}

function joinPaths(prefix: string, path: string): string {
  if (prefix === '') return path;
  if (path === '' || path === '/') return prefix;
  return prefix.endsWith('/') && path.startsWith('/') ? prefix + path.slice(1) : prefix + path;
}
