/**
 * The module loader of a sandbox: serves the prelude's own modules (to the prelude only), the
 * guest SDK, and the module's own files; refuses every other import by name. File paths are
 * normalized to absolute paths under a virtual root ("/").
 */
import type { JSModuleLoader, JSModuleNormalizer } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { GUEST_FILES } from "../guest/guest-files.generated.ts";
import type { SandboxSource } from "../protocol.ts";

/** The module name a guest imports the SDK by. */
export const GUEST_SDK_NAME = "amplifier-core";

/** Prefix of the prelude's module names: never a file path, so a guest can never import one. */
const PRELUDE_PREFIX = "amplifier-core:prelude/";

/** The prelude's entry module, evaluated before any module code. */
export const PRELUDE_ENTRY = `${PRELUDE_PREFIX}entry.js`;

/** Prefix of the names refused imports normalize to (never a file path, so never served). */
const REFUSED_PREFIX = "amplifier-core:refused/";

/** Refusal messages kept for the loader; older ones are replaced (a module importing in a loop costs nothing). */
const KEPT_REFUSALS = 32;

/** How much of a refused name a message repeats. */
const NAME_IN_MESSAGE = 200;

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
      throw new KernelError("invalid_config", `source.files: "${shorten(path)}" is not a usable module path`);
    }
    if (typeof text !== "string") {
      throw new KernelError("invalid_config", `source.files["${shorten(path)}"]: expected a string`);
    }
    files.set(normalizeModulePath(path), text);
  }
  const entry = normalizeModulePath(source.entry);
  if (!files.has(entry)) {
    const known = [...files.keys()].slice(0, 10).join(", ") || "none";
    throw new KernelError(
      "invalid_config",
      `source.entry: "${shorten(source.entry)}" is not one of the module's files (${known})`,
    );
  }
  return { files, entry };
}

function shorten(name: string): string {
  return name.length > NAME_IN_MESSAGE ? `${name.slice(0, NAME_IN_MESSAGE)}…` : name;
}

function isRelative(name: string): boolean {
  return name.startsWith("./") || name.startsWith("../") || name.startsWith("/");
}

/**
 * The module resolution of one sandbox. The normalizer resolves the prelude's imports among its
 * own files, the guest's relative imports among the module's files, and names "amplifier-core"
 * the SDK; the loader serves their text. Everything else is refused by the loader, with the reason
 * recorded at normalization: failing in the normalizer itself would reach a path of QuickJS 0.32
 * that leaks and hands the loader a stale name. The module's files are assigned after the
 * instance is prepared ({@link ModuleResolution.assign}).
 */
export class ModuleResolution {
  #module: ModuleFiles | undefined;
  readonly #refusals: string[] = [];
  #refused = 0;

  /** The files the guest may import from now on. */
  assign(module: ModuleFiles): void {
    this.#module = module;
  }

  readonly normalizer: JSModuleNormalizer = (base: string, requested: string) => {
    if (requested === GUEST_SDK_NAME) return GUEST_SDK_NAME;
    if (base.startsWith(PRELUDE_PREFIX) && requested.startsWith("./")) {
      const name = `${PRELUDE_PREFIX}${requested.slice(2)}`;
      return name.slice(PRELUDE_PREFIX.length) in GUEST_FILES ? name : this.#refuse(requested, base);
    }
    if (!isRelative(requested)) return this.#refuse(requested, base);
    const fromFile = base.startsWith("/") ? base : "/";
    const resolved = normalizeModulePath(requested, fromFile);
    if (!this.#module?.files.has(resolved)) {
      return this.#record(
        `import of "${shorten(requested)}" from ${shorten(base)}: ${shorten(resolved)} is not one of this module's files`,
      );
    }
    return resolved;
  };

  readonly loader: JSModuleLoader = (name: string) => {
    if (name === GUEST_SDK_NAME) return GUEST_FILES["sdk.js"] ?? "";
    if (name.startsWith(PRELUDE_PREFIX)) {
      const text = GUEST_FILES[name.slice(PRELUDE_PREFIX.length)];
      if (text !== undefined) return text;
    }
    const text = this.#module?.files.get(name);
    if (text !== undefined) return text;
    return { error: new Error(this.#refusal(name)) };
  };

  #refuse(requested: string, base: string): string {
    return this.#record(
      `import of "${shorten(requested)}" from ${shorten(base || "the module")} refused: a sandboxed module may import only "${GUEST_SDK_NAME}" and its own files`,
    );
  }

  #record(message: string): string {
    const index = this.#refused;
    this.#refused += 1;
    this.#refusals[index % KEPT_REFUSALS] = message;
    return `${REFUSED_PREFIX}${index}`;
  }

  #refusal(name: string): string {
    if (name.startsWith(REFUSED_PREFIX)) {
      const index = Number(name.slice(REFUSED_PREFIX.length));
      if (Number.isInteger(index) && index >= this.#refused - KEPT_REFUSALS && index < this.#refused) {
        return this.#refusals[index % KEPT_REFUSALS] ?? "import refused";
      }
      return "import refused: a sandboxed module may import only its own files and the SDK";
    }
    return `import of ${shorten(name)} refused: a sandboxed module may import only "${GUEST_SDK_NAME}" and its own files`;
  }
}
