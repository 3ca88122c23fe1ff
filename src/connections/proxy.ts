/**
 * Which proxy a project's requests use (clarification 12): VS Code's `http.proxy` when set,
 * else the environment (HTTPS_PROXY / HTTP_PROXY / NO_PROXY through undici's EnvHttpProxyAgent);
 * never for loopback hosts or hosts matched by `http.noProxy` / NO_PROXY. Pure (no vscode).
 */

export interface ProxyInput {
  /** VS Code's `http.proxy` (empty: not set). */
  httpProxy?: string;
  /** `http.noProxy` plus NO_PROXY entries: host names, `.suffix`, `*.suffix`, `host:port`, `*`. */
  noProxy: string[];
  /** True when HTTPS_PROXY/HTTP_PROXY is set in the environment. */
  envProxy: boolean;
  /** VS Code's `http.proxySupport`: `off` means no proxy at all. Default `override`. */
  support?: 'off' | 'on' | 'override' | 'fallback';
  /** VS Code's `http.proxyStrictSSL` (default true): verify the proxy's certificate. */
  strictSSL?: boolean;
  /** VS Code's `http.proxyAuthorization`: the `Proxy-Authorization` header value sent to the proxy. */
  authorization?: string;
}

/** How the proxy connection itself is made (only when a proxy is used). */
export interface ProxyExtras {
  proxyAuthorization?: string;
  /** False: accept a proxy certificate that does not verify (`http.proxyStrictSSL: false`). */
  proxyStrictSSL?: false;
}

export type TransportProxy = ({ proxy: string } & ProxyExtras) | ({ useEnvProxy: true } & ProxyExtras) | Record<string, never>;

function hostMatches(host: string, port: string, rule: string): boolean {
  const r = rule.trim().toLowerCase();
  if (!r) return false;
  if (r === '*') return true;
  const [ruleHost, rulePort] = r.startsWith('[') ? [r.slice(0, r.indexOf(']') + 1), r.split(']:')[1]] : r.split(':');
  if (rulePort && rulePort !== port) return false;
  const h = ruleHost.replace(/^\*\./, '.');
  if (h.startsWith('.')) return host === h.slice(1) || host.endsWith(h);
  return host === h;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h);
}

/** The transport options for requests to `projectUrl`. */
export function proxyFor(projectUrl: string, input: ProxyInput): TransportProxy {
  let url: URL;
  try {
    url = new URL(projectUrl);
  } catch {
    return {};
  }
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (input.support === 'off') return {};
  if (isLoopback(host)) return {};
  if (input.noProxy.some((rule) => hostMatches(host, port, rule))) return {};
  const extras: ProxyExtras = {};
  const auth = input.authorization?.trim();
  if (auth) extras.proxyAuthorization = auth;
  if (input.strictSSL === false) extras.proxyStrictSSL = false;
  const explicit = input.httpProxy?.trim();
  if (explicit) return { proxy: explicit, ...extras };
  return input.envProxy ? { useEnvProxy: true, ...extras } : {};
}
