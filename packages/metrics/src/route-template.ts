// Express 5 gives `req.route.path` relative to its router and `req.baseUrl` as the *matched*
// path (`/v1/members/42`), so neither alone is a bounded label. We find the matched Route object
// in the app's router tree once, join the mount patterns on the way down (`layer.rawPath`,
// router >= 2.3) and cache the template per Route, so the hot path is one WeakMap lookup.

interface RouteLike {
  readonly path?: unknown;
}
interface LayerLike {
  readonly route?: RouteLike;
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
  readonly route?: RouteLike;
  readonly app?: AppLike;
}

const MAX_DEPTH = 32;

/** Returns a function mapping a finished Express request to its bounded `http.route` value. */
export function createRouteTemplateResolver(unmatched: string): (req: RoutedRequest) => string {
  const cache = new WeakMap<object, string>();
  return (req) => {
    const route = req.route;
    if (route === undefined || route === null || typeof route !== 'object') return unmatched;
    const app = req.app;
    let template = cache.get(route);
    if (template === undefined) {
      template = findTemplate(app?.router?.stack, route) ?? patternText(route.path);
      cache.set(route, template);
    }
    return app?.parent ? joinPaths(subAppMountPath(app), template) : template;
  };
}

function findTemplate(stack: unknown, target: RouteLike): string | undefined {
  const visited = new Set<unknown>();
  const walk = (layers: unknown, prefix: string, depth: number): string | undefined => {
    if (!Array.isArray(layers) || depth > MAX_DEPTH || visited.has(layers)) return undefined;
    visited.add(layers);
    for (const layer of layers as LayerLike[]) {
      if (layer.route === target) return joinPaths(prefix, patternText(target.path));
      const child = layer.handle?.stack;
      if (!layer.route && Array.isArray(child)) {
        const found = walk(child, joinPaths(prefix, mountText(layer.rawPath)), depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(stack, '', 0);
}

function subAppMountPath(app: AppLike): string {
  let prefix = '';
  for (let current: AppLike | undefined = app; current?.parent; current = current.parent) {
    prefix = joinPaths(mountText(current.mountpath), prefix);
  }
  return prefix;
}

function mountText(path: unknown): string {
  // Without rawPath (router < 2.3) the mount pattern is unknown; dropping it keeps labels bounded.
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
