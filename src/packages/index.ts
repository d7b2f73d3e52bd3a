/** Module packages: manifests, integrity, registries, caches and the resolver that mounts them. */
export { type ContentCache, memoryContentCache } from "./content-cache.ts";
export {
  compareGrants,
  describePermission,
  type GrantReport,
  grantedPermissions,
  type PermissionItem,
} from "./grants.ts";
export { computeIntegrity, isIntegrity, verifyIntegrity } from "./integrity.ts";
export {
  type ModuleManifest,
  type ModuleManifestInput,
  type ModulePackageJson,
  moduleManifestJsonSchema,
  moduleManifestSchema,
  parseModulePackageJson,
} from "./manifest.ts";
export {
  loadModulePackage,
  type ModulePackage,
  type ModulePackageOptions,
  readModuleTarball,
} from "./module-package.ts";
export { type NpmSpec, parseNpmSpec } from "./npm-spec.ts";
export { createPackageResolver, type PackageResolverOptions } from "./package-resolver.ts";
export { DEFAULT_REGISTRY } from "./registry-client.ts";
