/**
 * The hosts of a `fetch` grant: exact names (`api.example.com`) or one wildcard level of
 * subdomains (`*.example.com`, which does not match `example.com` itself). No schemes, ports,
 * paths or bare `*`: a grant names hosts, and https is the only scheme a guest may use.
 */
import { KernelError } from "../../../src/errors.ts";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Normalizes a host name for comparison (lower case, no trailing dot). */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.+$/, "");
}

/**
 * Checks one entry of `permissions.fetch` and returns it normalized.
 *
 * @throws KernelError `invalid_config` naming the entry and what is wrong with it.
 */
export function parseHostPattern(entry: string, where: string): string {
  const pattern = normalizeHost(entry.trim());
  const name = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
  const problem = /[/:@?#]/.test(pattern)
    ? "a host name only, without scheme, port or path (https is implied)"
    : pattern === "*" || name.includes("*")
      ? 'a host or "*.domain" (one wildcard, leftmost, never a bare "*")'
      : !name.split(".").every((label) => LABEL.test(label)) || !name.includes(".")
        ? "a dotted host name such as api.example.com"
        : undefined;
  if (problem) throw new KernelError("invalid_config", `${where}: "${entry}" must be ${problem}`, { data: { entry } });
  return pattern;
}

/** True when `host` is granted by `pattern` (exact, or a subdomain for `*.domain`). */
export function hostMatches(host: string, pattern: string): boolean {
  const normalized = normalizeHost(host);
  if (pattern.startsWith("*.")) return normalized.endsWith(pattern.slice(1)) && normalized.length > pattern.length - 1;
  return normalized === pattern;
}

/** True when any pattern grants `host`. */
export function isHostGranted(host: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => hostMatches(host, pattern));
}
