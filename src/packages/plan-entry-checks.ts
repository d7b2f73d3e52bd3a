/**
 * A package held to the plan entry that mounts it: its manifest's `kind` must be the slot it is
 * listed in (a tool's code mounted as a hook would register nothing a hook needs, or worse), and
 * what the manifest asks for is set beside what the plan grants, so neither difference is silent.
 */
import type { ModuleResolveContext, ModuleWarning } from "../contracts.ts";
import { KernelError } from "../errors.ts";
import type { ModuleType } from "../models/index.ts";
import { compareGrants, describePermission, grantedPermissions, type PermissionItem } from "./grants.ts";
import type { ModulePackage } from "./module-package.ts";

/** Where a plan lists a module of each kind. */
const SLOT: Readonly<Record<ModuleType, string>> = {
  tool: "tools",
  hook: "hooks",
  provider: "providers",
  orchestrator: "session.orchestrator",
  context: "session.context",
  resolver: "the module-source-resolver mount point",
};

/**
 * Refuses a package whose manifest declares another kind than the slot it is mounted in.
 *
 * @throws KernelError `module_invalid`, naming the package's kind and the plan's slot (both in `data`).
 */
export function checkPackageKind(moduleId: string, loaded: ModulePackage, slot: ModuleType): void {
  const declared = loaded.packageJson.amplifier.kind;
  if (declared === slot) return;
  throw new KernelError(
    "module_invalid",
    `Module "${moduleId}": the package ${loaded.name}@${loaded.version} is ${article(declared)} ${declared} (its amplifier manifest's kind), but the plan mounts it as ${article(slot)} ${slot} (under ${SLOT[slot]}); list it under ${SLOT[declared]}.`,
    { data: { module_id: moduleId, package: loaded.name, manifest_kind: declared, kind: slot } },
  );
}

/**
 * The warnings a plan entry's grant earns against the manifest's request: one for what it grants
 * beyond the request, one for what the module asked for and will be denied. None when they match.
 */
export function grantWarnings(
  moduleId: string,
  loaded: ModulePackage,
  sandbox: ModuleResolveContext["sandbox"],
): ModuleWarning[] {
  const report = compareGrants(loaded.packageJson.amplifier.permissions, grantedPermissions(sandbox));
  const named = `Module "${moduleId}" (${loaded.name}@${loaded.version})`;
  const warnings: ModuleWarning[] = [];
  if (report.beyond.length > 0) {
    warnings.push({
      code: "permissions_beyond_request",
      message: `${named}: the plan grants ${listed(report.beyond)}, which its manifest does not ask for.`,
      data: { module: moduleId, package: loaded.name, beyond: report.beyond },
    });
  }
  if (report.refused.length > 0) {
    warnings.push({
      code: "permissions_not_granted",
      message: `${named}: its manifest asks for ${listed(report.refused)}, which the plan does not grant; the module will be denied it (capability_denied).`,
      data: { module: moduleId, package: loaded.name, denied: report.refused },
    });
  }
  return warnings;
}

function article(kind: ModuleType): string {
  return /^[aeiou]/.test(kind) ? "an" : "a";
}

function listed(items: readonly PermissionItem[]): string {
  return items.map(describePermission).join(", ");
}
