/**
 * The address of a REST operation: its surface's base path, then its declared path
 * (`meta.openapi.path`) with the path parameters (`{id}`) filled in from `params`, ending in the
 * slash every path of CONTRACT has. `used` names the parameters that went into the path.
 */
export function fillRestPath(basePath: string, path: string, params: Record<string, unknown>): { path: string; used: Set<string> } {
  const used = new Set<string>();
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    used.add(name);
    return encodeURIComponent(String(params[name]));
  });
  return { path: `${basePath}${filled.replace(/\/?$/, "/")}`, used };
}
