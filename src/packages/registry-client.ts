/**
 * Reads packages from an npm registry: the packument (the package's versions), the version a range
 * picks, and the tarball that version points at. Only the registry's answers are trusted for
 * where the tarball is; its bytes are checked against the integrity by the caller.
 */
import semver from "semver";
import { z } from "zod";
import { describeError, KernelError } from "../errors.ts";
import { parseOrThrow } from "../issues.ts";
import type { NpmSpec } from "./npm-spec.ts";

/** The public registry, used when none is configured. */
export const DEFAULT_REGISTRY = "https://registry.npmjs.org/";

const packumentSchema = z.looseObject({
  name: z.string(),
  "dist-tags": z.record(z.string(), z.string()).default({}),
  versions: z.record(
    z.string(),
    z.looseObject({
      version: z.string(),
      dist: z.looseObject({ tarball: z.url(), integrity: z.string().optional() }),
    }),
  ),
});

/** The version a range picked, and where its tarball is. */
export interface PackageVersion {
  readonly name: string;
  readonly version: string;
  readonly tarball: string;
  /** The packument's `dist.integrity` (absent for very old packages). */
  readonly integrity: string | undefined;
}

/** How the registry is reached. */
export interface RegistryOptions {
  /** The registry's base URL (default the public registry). */
  readonly registry?: string | undefined;
  /** The fetch used (the host's; default `globalThis.fetch`). */
  readonly fetch?: typeof fetch | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The version of `spec` the registry's packument picks for its range (a dist-tag or the highest match).
 *
 * @throws KernelError `module_not_found` when the registry has no such package or no matching version.
 */
export async function resolvePackageVersion(spec: NpmSpec, options: RegistryOptions = {}): Promise<PackageVersion> {
  const base = (options.registry ?? DEFAULT_REGISTRY).replace(/\/?$/, "/");
  const url = `${base}${spec.name.replace("/", "%2f")}`;
  const response = await request(url, `npm:${spec.name}`, options, { accept: "application/json" });
  const packument = parseOrThrow(packumentSchema, await response.json(), {
    code: "module_not_found",
    subject: `npm:${spec.name}: the registry's packument at ${url} is malformed`,
  });
  const tagged = packument["dist-tags"][spec.range];
  const version = tagged ?? semver.maxSatisfying(Object.keys(packument.versions), spec.range);
  const entry = version === null || version === undefined ? undefined : packument.versions[version];
  if (entry === undefined) {
    const known = Object.keys(packument.versions).join(", ") || "none";
    throw new KernelError(
      "module_not_found",
      `npm:${spec.name}@${spec.range}: no published version matches (versions: ${known})`,
      { data: { package: spec.name, range: spec.range } },
    );
  }
  return { name: spec.name, version: entry.version, tarball: entry.dist.tarball, integrity: entry.dist.integrity };
}

/**
 * The tarball's bytes.
 *
 * @throws KernelError `module_not_found` when it cannot be fetched, `module_invalid` when it is over `maxBytes`.
 */
export async function fetchTarball(
  version: PackageVersion,
  options: RegistryOptions & { readonly maxBytes?: number | undefined },
): Promise<Uint8Array> {
  const where = `npm:${version.name}@${version.version}`;
  const response = await request(version.tarball, where, options, {});
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > maxBytes) {
    throw new KernelError("module_invalid", `${where}: the tarball is over the ${maxBytes}-byte limit`);
  }
  return bytes;
}

async function request(
  url: string,
  where: string,
  options: RegistryOptions,
  headers: Record<string, string>,
): Promise<Response> {
  const fetcher = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetcher(url, {
      headers,
      redirect: "follow",
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw new KernelError("module_not_found", `${where}: cannot reach ${url} (${describeError(error)})`, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new KernelError("module_not_found", `${where}: ${url} answered HTTP ${response.status}`, {
      data: { status: response.status },
    });
  }
  return response;
}
