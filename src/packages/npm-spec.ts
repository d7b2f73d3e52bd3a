/** `npm:@scope/name@range` specifiers: a package name and a semver range (default `latest`). */
import semver from "semver";
import { KernelError } from "../errors.ts";

/** A parsed `npm:` specifier. */
export interface NpmSpec {
  /** The package name, `@scope/name` or `name`. */
  readonly name: string;
  /** A semver range or a dist-tag; `latest` when the specifier names none. */
  readonly range: string;
}

const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const TAG = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** Whether a plan's string source is an `npm:` specifier. */
export function isNpmSpec(source: string): boolean {
  return source.startsWith("npm:");
}

/**
 * Parses `npm:@scope/name@range`.
 *
 * @throws KernelError `invalid_config` naming what is wrong with the specifier.
 */
export function parseNpmSpec(source: string): NpmSpec {
  if (!isNpmSpec(source)) throw new KernelError("invalid_config", `"${source}" is not an npm: specifier`);
  const body = source.slice("npm:".length);
  const at = body.indexOf("@", body.startsWith("@") ? 1 : 0);
  const name = at === -1 ? body : body.slice(0, at);
  const range = at === -1 ? "latest" : body.slice(at + 1).trim();
  if (!NAME.test(name)) {
    throw new KernelError("invalid_config", `"${source}": "${name}" is not an npm package name (@scope/name or name)`);
  }
  if (range === "" || (semver.validRange(range) === null && !TAG.test(range))) {
    throw new KernelError("invalid_config", `"${source}": "${range}" is neither a semver range nor a dist-tag`);
  }
  return { name, range };
}
