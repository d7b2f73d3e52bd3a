/**
 * The hosts of a `fetch` grant: an exact name (`api.example.com`) or one wildcard level of
 * subdomains (`*.example.com`, which does not match `example.com` itself), on port 443 unless the
 * entry names another (`api.example.com:8443`). No schemes, paths or bare `*`: a grant names hosts,
 * and https is the only scheme a guest may use. A grant of a host is a grant of that one port: the
 * same host's other ports (a Docker socket on :2375, an admin API on :8443) are other services.
 */
import { KernelError } from "../../../src/errors.ts";

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The https default port. */
export const HTTPS_PORT = 443;

/** Normalizes a host name for comparison (lower case, no trailing dot). */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.+$/, "");
}

/** A host and port a grant names, parsed. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Splits `host[:port]` (the port defaults to 443). */
export function splitHostPort(entry: string): HostPort | undefined {
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? HTTPS_PORT : Number(match[2]);
  if (!(port >= 1 && port <= 65_535)) return undefined;
  return { host: normalizeHost(match[1]), port };
}

/**
 * Checks one entry of `permissions.fetch` and returns it normalized (`host` for port 443, else `host:port`).
 *
 * @throws KernelError `invalid_config` naming the entry and what is wrong with it.
 */
export function parseHostPattern(entry: string, where: string): string {
  const trimmed = entry.trim();
  const parts = /[/@?#]/.test(trimmed) ? undefined : splitHostPort(trimmed);
  const pattern = parts?.host ?? "";
  const name = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
  const problem = !parts
    ? 'a host name, or host:port, without scheme or path (https is implied; the port defaults to 443), e.g. "api.example.com" or "api.example.com:8443"'
    : pattern === "*" || name.includes("*")
      ? 'a host or "*.domain" (one wildcard, leftmost, never a bare "*")'
      : !name.split(".").every((label) => LABEL.test(label)) || !name.includes(".")
        ? "a dotted host name such as api.example.com"
        : undefined;
  if (problem || !parts) {
    throw new KernelError("invalid_config", `${where}: "${entry}" must be ${problem}`, { data: { entry } });
  }
  return parts.port === HTTPS_PORT ? pattern : `${pattern}:${parts.port}`;
}

/** True when `host` is granted by the host part of a pattern (exact, or a subdomain for `*.domain`). */
export function hostMatches(host: string, pattern: string): boolean {
  const normalized = normalizeHost(host);
  if (pattern.startsWith("*.")) return normalized.endsWith(pattern.slice(1)) && normalized.length > pattern.length - 1;
  return normalized === pattern;
}

/** True when a pattern (`host` or `host:port`) grants `host` on `port`. */
export function hostPortMatches(host: string, port: number, pattern: string): boolean {
  const parts = splitHostPort(pattern);
  return parts !== undefined && parts.port === port && hostMatches(host, parts.host);
}

/** True when any pattern grants `host` on `port` (443 by default). */
export function isHostGranted(host: string, patterns: readonly string[], port = HTTPS_PORT): boolean {
  return patterns.some((pattern) => hostPortMatches(host, port, pattern));
}

/** The port of an https URL (443 when it names none). */
export function portOf(url: URL): number {
  return url.port === "" ? HTTPS_PORT : Number(url.port);
}
