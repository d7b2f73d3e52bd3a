/**
 * The `module-source-resolver` for packages: a plan entry whose source is `npm:…` or
 * `{ package, integrity }` gets the package's files from the registry or the cache. Other sources
 * are not its business, so the loader's own discovery handles them. Apps that keep packages
 * elsewhere mount a resolver of their own at the same mount point. Given the loader's context, a
 * package is refused in a slot its manifest's kind does not fit, and a grant that differs from the
 * manifest's request is reported.
 */
import type { ModuleResolveContext, ModuleSourceResolver } from "../contracts.ts";
import type { ModuleSource } from "../plan/module-source.ts";
import { loadModulePackage, type ModulePackage, type ModulePackageOptions } from "./module-package.ts";
import { checkPackageKind, grantWarnings } from "./plan-entry-checks.ts";

/** Options of {@link createPackageResolver}. */
export interface PackageResolverOptions extends ModulePackageOptions {
  /** Told of each package as it resolves (for consent screens and grant reports). */
  readonly onResolved?: ((moduleId: string, loaded: ModulePackage) => void) | undefined;
}

/** The files a sandbox loads: the package's scripts and data, its manifest's entry first among them. */
type FilesSource = { readonly files: Record<string, string>; readonly entry: string };

/**
 * A resolver for package sources; mount it as the session's `resolver`.
 *
 * @example
 * const resolver = createPackageResolver({ registry: "https://registry.npmjs.org/", cache: memoryContentCache() });
 * const session = createSession(plan, { sandbox: sandboxes.loader, resolver });
 */
export function createPackageResolver(options: PackageResolverOptions = {}): ModuleSourceResolver {
  return {
    async async_resolve(
      moduleId: string,
      hint?: ModuleSource,
      context?: ModuleResolveContext,
    ): Promise<FilesSource | undefined> {
      const pinned = packageSource(hint);
      if (pinned === undefined) return undefined;
      const loaded = await loadModulePackage(pinned.package, pinned.integrity, options);
      if (context !== undefined) {
        checkPackageKind(moduleId, loaded, context.kind);
        for (const warning of grantWarnings(moduleId, loaded, context.sandbox)) context.warn(warning);
      }
      options.onResolved?.(moduleId, loaded);
      return { files: scriptFiles(loaded.files), entry: loaded.packageJson.amplifier.entry };
    },
  };
}

function packageSource(
  hint: ModuleSource | undefined,
): { package: string; integrity?: string | undefined } | undefined {
  if (typeof hint === "string") return hint.startsWith("npm:") ? { package: hint } : undefined;
  if (hint !== undefined && "package" in hint) return hint;
  return undefined;
}

/** Only what the sandbox's module loader may import: scripts and JSON. */
function scriptFiles(files: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([path]) => /\.(?:m?js|json)$/.test(path)));
}
