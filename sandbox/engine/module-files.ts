/**
 * The module loader of a sandbox: serves the guest SDK and the module's own files, refuses every
 * other import by name. File paths are normalized to absolute paths under a virtual root ("/").
 */
import type { JSModuleLoader, JSModuleNormalizer } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { GUEST_SDK_NAME, GUEST_SDK_SOURCE } from "../guest/sdk-source.ts";
import type { SandboxSource } from "../protocol.ts";

/** The virtual name of the entry wrapper that imports the module's entry file. */
export const ENTRY_WRAPPER_NAME = "amplifier-core:entry";

/** A module's files keyed by normalized absolute path ("/index.js"), and its entry path. */
export interface ModuleFiles {
  readonly files: ReadonlyMap<string, string>;
  readonly entry: string;
}

/** Resolves `path` against the virtual root (or against `base`), keeping it inside the root. */
export function normalizeModulePath(path: string, base = "/"): string {
  const segments = path.startsWith("/") ? [] : base.split("/").slice(0, -1);
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.filter((segment) => segment !== "").join("/")}`;
}

/**
 * Checks a source (file map and entry) and normalizes its paths.
 *
 * @throws KernelError `invalid_config` when the map is empty, a path is unusable or the entry is missing.
 */
export function moduleFiles(source: SandboxSource): ModuleFiles {
  const files = new Map<string, string>();
  for (const [path, text] of Object.entries(source.files)) {
    if (path.trim() === "" || path.includes("\\") || path.includes("\0")) {
      throw new KernelError("invalid_config", `source.files: "${path}" is not a usable module path`);
    }
    if (typeof text !== "string") throw new KernelError("invalid_config", `source.files["${path}"]: expected a string`);
    files.set(normalizeModulePath(path), text);
  }
  const entry = normalizeModulePath(source.entry);
  if (!files.has(entry)) {
    const known = [...files.keys()].join(", ") || "none";
    throw new KernelError(
      "invalid_config",
      `source.entry: "${source.entry}" is not one of the module's files (${known})`,
    );
  }
  return { files, entry };
}

function refused(requested: string, from: string): Error {
  return new Error(
    `import of "${requested}" from ${from} refused: a sandboxed module may import only "${GUEST_SDK_NAME}" and its own files`,
  );
}

/** Prefix of the names refused imports normalize to (never a file path, so never served). */
const REFUSED_PREFIX = "amplifier-core:refused/";

/**
 * The module resolution of one sandbox: the normalizer resolves relative imports among the files
 * and names "amplifier-core" the SDK; the loader serves their text. Everything else is refused by
 * the loader, with the reason recorded at normalization: failing in the normalizer itself would
 * reach a path of QuickJS 0.32 that leaks and hands the loader a stale name.
 */
export function moduleResolution(module: ModuleFiles): { normalizer: JSModuleNormalizer; loader: JSModuleLoader } {
  const refusals: string[] = [];
  const refuse = (message: string) => {
    refusals.push(message);
    return `${REFUSED_PREFIX}${refusals.length - 1}`;
  };
  const normalizer: JSModuleNormalizer = (base: string, requested: string) => {
    if (requested === GUEST_SDK_NAME) return GUEST_SDK_NAME;
    const isRelative = requested.startsWith("./") || requested.startsWith("../") || requested.startsWith("/");
    const fromFile = base.startsWith("/") ? base : "/";
    if (!isRelative) return refuse(refused(requested, base || "the module").message);
    const resolved = normalizeModulePath(requested, fromFile);
    if (!module.files.has(resolved)) {
      return refuse(`import of "${requested}" from ${base}: ${resolved} is not one of this module's files`);
    }
    return resolved;
  };
  const loader: JSModuleLoader = (name: string) => {
    if (name === GUEST_SDK_NAME) return GUEST_SDK_SOURCE;
    const text = module.files.get(name);
    if (text !== undefined) return text;
    const refusal = name.startsWith(REFUSED_PREFIX) ? refusals[Number(name.slice(REFUSED_PREFIX.length))] : undefined;
    return { error: new Error(refusal ?? refused(name, "the module").message) };
  };
  return { normalizer, loader };
}

/** Source of the wrapper module whose default export is the entry file's namespace. */
export function entryWrapperSource(module: ModuleFiles): string {
  return `import * as namespace from ${JSON.stringify(module.entry)};\nexport default namespace;\n`;
}
