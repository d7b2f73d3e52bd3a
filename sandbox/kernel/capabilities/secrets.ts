/**
 * Credentials the host injects: the plan names a host, a header and a secret by name; the host
 * resolves the value from its environment or secret store. The value is added to requests to
 * that exact host only, and scrubbed from anything that goes back to the guest.
 */
import { KernelError } from "../../../src/errors.ts";
import type { SandboxSecret } from "../../../src/plan/sandbox-options.ts";
import { normalizeHost } from "./host-pattern.ts";

/** Resolves a secret by name (environment, secret store); undefined when it is not configured. */
export type SecretResolver = (name: string) => string | undefined | Promise<string | undefined>;

/** Text that replaces a secret wherever it would reach the guest. */
export const REDACTED = "[redacted]";

/** The headers to add for `host`, and every secret value they contain (for scrubbing). */
export async function credentialHeaders(
  host: string,
  secrets: readonly SandboxSecret[],
  resolve: SecretResolver | undefined,
): Promise<{ headers: Record<string, string>; values: string[] }> {
  const headers: Record<string, string> = {};
  const values: string[] = [];
  const target = normalizeHost(host);
  for (const secret of secrets) {
    if (secret.host !== target) continue;
    const value = resolve ? await resolve(secret.secret) : undefined;
    if (value === undefined || value === "") {
      throw new KernelError(
        "invalid_config",
        `the credential "${secret.secret}" for ${secret.host} is not configured on the host`,
      );
    }
    const header = secret.header.toLowerCase();
    headers[header] = secret.format === undefined ? value : secret.format.split("{secret}").join(value);
    values.push(value, headers[header]);
  }
  return { headers, values };
}

/** Replaces every occurrence of each secret value in `text` (whole header values before bare secrets). */
export function scrub(text: string, values: readonly string[]): string {
  let scrubbed = text;
  const longestFirst = [...values].sort((left, right) => right.length - left.length);
  for (const value of longestFirst) if (value !== "") scrubbed = scrubbed.split(value).join(REDACTED);
  return scrubbed;
}
