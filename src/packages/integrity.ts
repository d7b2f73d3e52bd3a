/**
 * Subresource-integrity strings (`sha512-<base64>`), the form npm's packuments use, computed with
 * Web Crypto so every runtime agrees on them.
 */
import { KernelError } from "../errors.ts";

const INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/;

/** Whether `value` is a `sha512-…` integrity string. */
export function isIntegrity(value: string): boolean {
  return INTEGRITY.test(value);
}

/** The `sha512-…` integrity of some bytes. */
export async function computeIntegrity(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-512", bytes as Uint8Array<ArrayBuffer>));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `sha512-${btoa(binary)}`;
}

/**
 * Resolves when `bytes` have the `expected` integrity.
 *
 * @throws KernelError `integrity_mismatch` naming the module, the expected and the actual integrity;
 *   nothing of such bytes may mount.
 */
export async function verifyIntegrity(bytes: Uint8Array, expected: string, moduleName: string): Promise<void> {
  const actual = await computeIntegrity(bytes);
  if (actual === expected) return;
  throw new KernelError(
    "integrity_mismatch",
    `${moduleName}: refused to mount, its integrity is ${actual} but the plan pins ${expected}. The package changed since it was pinned: check it, then pin the new integrity or restore the old files.`,
    { data: { module: moduleName, expected, actual } },
  );
}
