import { API_ROUTES, type ApiRoute } from './api-routes.js';

/** Which route a method and path (under `/api/v1`) reach: one with its `{id}`, a path served by other methods only, or none. */
export type ApiRouteMatch =
  | { readonly kind: 'route'; readonly route: ApiRoute; readonly id: string }
  | { readonly kind: 'method'; readonly allow: readonly string[] }
  | { readonly kind: 'none' };

const compiled = API_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace('{id}', '([^/]+)')}$`),
}));

/** Finds the route of `method` and `path`; a path parameter is URL-decoded (a malformed escape matches nothing). */
export function matchApiRoute(method: string, path: string): ApiRouteMatch {
  const allow: string[] = [];
  for (const { route, pattern } of compiled) {
    const found = pattern.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    try {
      return { kind: 'route', route, id: found[1] === undefined ? '' : decodeURIComponent(found[1]) };
    } catch {
      return { kind: 'none' };
    }
  }
  return allow.length > 0 ? { kind: 'method', allow } : { kind: 'none' };
}
