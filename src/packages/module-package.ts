/**
 * A module package loaded from an npm registry or a content cache: its tarball checked against
 * the integrity the plan pins (or, unpinned, the registry's), unpacked, and its manifest read.
 */
import semver from "semver";
import { KernelError } from "../errors.ts";
import type { ContentCache } from "./content-cache.ts";
import { computeIntegrity, verifyIntegrity } from "./integrity.ts";
import { type ModulePackageJson, parseModulePackageJson } from "./manifest.ts";
import { type NpmSpec, parseNpmSpec } from "./npm-spec.ts";
import { fetchTarball, type RegistryOptions, resolvePackageVersion } from "./registry-client.ts";
import { unpackTarball } from "./tarball.ts";

/** Where packages come from and where they are kept. */
export interface ModulePackageOptions extends RegistryOptions {
  /** Tarballs by integrity; with it, a pinned package loads without its registry after the first time. */
  readonly cache?: ContentCache | undefined;
  /** Largest tarball, in bytes (default 4 MiB). */
  readonly maxTarballBytes?: number | undefined;
}

/** A package ready to mount. */
export interface ModulePackage {
  readonly name: string;
  readonly version: string;
  /** The tarball's `sha512-…` integrity, to pin in a plan. */
  readonly integrity: string;
  readonly packageJson: ModulePackageJson;
  /** The package's text files by path from its root. */
  readonly files: Readonly<Record<string, string>>;
  /** Where the bytes came from. */
  readonly from: "cache" | "registry" | "tarball";
}

/**
 * Loads `npm:@scope/name@range`, pinned by `integrity` when given.
 *
 * @throws KernelError `integrity_mismatch` (the bytes are not the pinned ones, or not the registry's),
 *   `module_not_found` (no such package or version, registry unreachable and nothing cached),
 *   `module_invalid` (no manifest, a bad manifest with paths, or another package's files).
 */
export async function loadModulePackage(
  specifier: string,
  integrity: string | undefined,
  options: ModulePackageOptions = {},
): Promise<ModulePackage> {
  const spec = parseNpmSpec(specifier);
  const cached = integrity === undefined ? undefined : await options.cache?.get(integrity);
  if (cached !== undefined) {
    await verifyIntegrity(cached, integrity!, specifier);
    return checkedPackage(spec, await readModuleTarball(cached, specifier, "cache", integrity));
  }
  const version = await resolvePackageVersion(spec, options);
  const bytes = await fetchTarball(version, { ...options, maxBytes: options.maxTarballBytes });
  // The plan's pin wins; an unpinned package is still held to what the registry says it published.
  const expected = integrity ?? version.integrity;
  if (expected !== undefined) await verifyIntegrity(bytes, expected, `${specifier} (${version.version})`);
  const loaded = checkedPackage(spec, await readModuleTarball(bytes, specifier, "registry"));
  await options.cache?.put(loaded.integrity, bytes);
  return loaded;
}

/**
 * Reads a module package from its tarball's bytes (`npm pack`'s output).
 *
 * @throws KernelError `module_invalid` when it is no gzipped tar, has no package.json or a bad manifest.
 */
export async function readModuleTarball(
  bytes: Uint8Array,
  where: string,
  from: ModulePackage["from"] = "tarball",
  knownIntegrity?: string,
): Promise<ModulePackage> {
  const files = await unpackTarball(bytes, where);
  const text = files["package.json"];
  if (text === undefined) throw new KernelError("module_invalid", `${where}: the tarball has no package.json`);
  const packageJson = parseModulePackageJson(text, where);
  if (!Object.hasOwn(files, packageJson.amplifier.entry)) {
    throw new KernelError(
      "module_invalid",
      `${where}: amplifier.entry "${packageJson.amplifier.entry}" is not one of the package's files`,
      { issues: [{ path: ["amplifier", "entry"], message: "not one of the package's files", code: "custom" }] },
    );
  }
  return {
    name: packageJson.name,
    version: packageJson.version,
    integrity: knownIntegrity ?? (await computeIntegrity(bytes)),
    packageJson,
    files,
    from,
  };
}

/** The package must be the one asked for: a cache or a registry answering with another is refused. */
function checkedPackage(spec: NpmSpec, loaded: ModulePackage): ModulePackage {
  const rangeHolds = semver.validRange(spec.range) === null || semver.satisfies(loaded.version, spec.range);
  if (loaded.name !== spec.name || !rangeHolds) {
    throw new KernelError(
      "module_invalid",
      `npm:${spec.name}@${spec.range}: the tarball holds ${loaded.name}@${loaded.version}, not the package asked for`,
    );
  }
  return loaded;
}
