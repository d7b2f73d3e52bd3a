/**
 * Credentials the host injects: the plan names a host (and port, 443 unless it says), a header and
 * a secret by name; the host resolves the value from its environment or secret store. The value is
 * added to requests to that exact host and port only, and scrubbed from everything that goes back
 * to the guest or out as an event, in the encodings a server or a URL parser may turn it into.
 */
import { KernelError } from "../../../src/errors.ts";
import { HTTPS_PORT, splitHostPort } from "./host-pattern.ts";

/** Resolves a secret by name (environment, secret store); undefined when it is not configured. */
export type SecretResolver = (name: string) => string | undefined | Promise<string | undefined>;

/** A credential the host injects, as a plan grants it. */
export interface CredentialGrant {
  /** `host` or `host:port`. */
  readonly host: string;
  readonly header: string;
  readonly secret: string;
  readonly format?: string | undefined;
}

/** Text that replaces a secret wherever it would reach the guest. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not scrubbed in their encodings (they would match everywhere). */
const MIN_ENCODED_LENGTH = 6;

/** The headers to add for `host` on `port`, and every secret value they contain (for scrubbing). */
export async function credentialHeaders(
  host: string,
  port: number,
  secrets: readonly CredentialGrant[],
  resolve: SecretResolver | undefined,
): Promise<{ headers: Record<string, string>; values: string[] }> {
  const headers: Record<string, string> = {};
  const values: string[] = [];
  for (const secret of secrets) {
    const bound = splitHostPort(secret.host) ?? { host: secret.host, port: HTTPS_PORT };
    if (bound.host !== host.toLowerCase() || bound.port !== port) continue;
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

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The forms a secret may come back in: as is, in either case (a host name is lower-cased by the
 * URL parser), percent-encoded, in hex, and in base64 (standard and URL-safe, at each of the three
 * alignments it can have inside a longer encoded text, so an echo of `user:secret` is caught too).
 */
export function secretForms(value: string): string[] {
  const forms = new Set([value]);
  if (value.length < MIN_ENCODED_LENGTH) return [...forms];
  forms.add(value.toLowerCase()).add(value.toUpperCase()).add(encodeURIComponent(value));
  const bytes = encoder.encode(value);
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  forms.add(hex).add(hex.toUpperCase());
  for (let offset = 0; offset < 3; offset += 1) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    // Keep the characters whose six bits all come from the secret: they are the same whatever
    // surrounds it in the encoded text.
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length)) / 6);
    const inner = base64(shifted).slice(first, last);
    if (inner.length >= MIN_ENCODED_LENGTH) forms.add(inner).add(inner.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...forms].filter((form) => form !== "");
}

/** Replaces every occurrence of each secret, in each of its forms, in `text` (longest first, case-insensitive). */
export function scrub(text: string, values: readonly string[]): string {
  if (values.length === 0 || text === "") return text;
  const forms = [...new Set(values.flatMap(secretForms))].sort((left, right) => right.length - left.length);
  let scrubbed = text;
  for (const form of forms) {
    const lower = scrubbed.toLowerCase();
    const needle = form.toLowerCase();
    if (!lower.includes(needle)) continue;
    let out = "";
    let start = 0;
    for (let found = lower.indexOf(needle); found >= 0; found = lower.indexOf(needle, start)) {
      out += scrubbed.slice(start, found) + REDACTED;
      start = found + needle.length;
    }
    scrubbed = out + scrubbed.slice(start);
  }
  return scrubbed;
}
