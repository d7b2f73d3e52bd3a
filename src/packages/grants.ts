/**
 * Requested against granted: what a module package's manifest asks for beside what a plan's
 * `sandbox.permissions` gives it. A plan may grant less (the module meets refusals at run time);
 * a plan that grants more than was asked is reported, because nobody asked for that power.
 */
import type { SandboxPermissions } from "../plan/sandbox-options.ts";
import { sandboxPermissionsSchema } from "../plan/sandbox-options.ts";

/** One permission by name and value: `fetch api.example.com`, `transcript`, `storage 1048576 bytes`. */
export interface PermissionItem {
  readonly permission: keyof SandboxPermissions;
  readonly value: string;
}

/** The difference between a manifest's request and a plan's grant. */
export interface GrantReport {
  /** Asked for and granted. */
  readonly granted: readonly PermissionItem[];
  /** Asked for and not granted: the module sees refusals (`capability_denied`) there. */
  readonly refused: readonly PermissionItem[];
  /** Granted without being asked for: a warning for whoever wrote the plan. */
  readonly beyond: readonly PermissionItem[];
}

/** The permissions of a plan entry's `sandbox` block (none when it has none). */
export function grantedPermissions(sandbox: { permissions?: unknown } | undefined): SandboxPermissions {
  return sandboxPermissionsSchema.parse(sandbox?.permissions ?? {});
}

/** Compares a manifest's requested permissions with a plan's granted ones. */
export function compareGrants(requested: SandboxPermissions, granted: SandboxPermissions): GrantReport {
  const asked = permissionItems(requested);
  const given = permissionItems(granted);
  const key = (item: PermissionItem) => `${item.permission} ${item.value}`;
  const askedKeys = new Set(asked.map(key));
  const givenKeys = new Set(given.map(key));
  return {
    granted: asked.filter((item) => givenKeys.has(key(item))),
    refused: asked.filter((item) => !givenKeys.has(key(item))),
    beyond: given.filter((item) => !askedKeys.has(key(item))),
  };
}

/** Every permission as one item each, so two sets compare item by item. */
export function permissionItems(permissions: SandboxPermissions): PermissionItem[] {
  const items: PermissionItem[] = [];
  const add = (permission: keyof SandboxPermissions, values: readonly string[]) => {
    for (const value of values) items.push({ permission, value });
  };
  add("fetch", permissions.fetch);
  add(
    "secrets",
    permissions.secrets.map((secret) => `${secret.secret} as ${secret.header} to ${secret.host}`),
  );
  add("capabilities", permissions.capabilities);
  if (permissions.transcript) add("transcript", ["yes"]);
  if (permissions.storage) add("storage", [`${permissions.storage.quota_bytes} bytes`]);
  add("hooks", permissions.hooks ?? []);
  add("inject", permissions.inject);
  if (permissions.display) add("display", ["yes"]);
  if (permissions.approval) add("approval", ["yes"]);
  add("names", permissions.names);
  return items;
}

/** One line per item: `fetch api.example.com`. */
export function describePermission(item: PermissionItem): string {
  return item.value === "yes" ? item.permission : `${item.permission} ${item.value}`;
}
