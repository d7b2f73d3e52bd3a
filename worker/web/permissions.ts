/**
 * What a plan entry grants its sandboxed module. Permissions come from the plan, never from the
 * module: the page shows this list, the user grants each item, and the page writes the entry.
 */
import { permissionWarnings, resolvePermissions } from "../../sandbox/kernel/capabilities/permissions.ts";
import { parseOrThrow } from "../../src/issues.ts";
import type { ModuleType } from "../../src/models/index.ts";
import { type SandboxOptions, sandboxOptionsSchema } from "../../src/plan/sandbox-options.ts";
import type { PermissionGrant } from "./client-types.ts";

/**
 * Lists every grant of a plan entry's `sandbox:` block, in a stable order (network, secrets,
 * capabilities, transcript, storage, hooks, inject, display, approval, names), each with a label to show. An entry without one grants nothing.
 *
 * @throws KernelError `invalid_config` naming the path of a malformed `sandbox` block.
 * @example
 * describePermissions({ sandbox: { permissions: { fetch: ["api.example.com"] } } });
 * // [{ kind: "network", host: "api.example.com", label: "Fetch https://api.example.com" }]
 */
export function describePermissions(entry: { readonly sandbox?: SandboxOptions | undefined }): PermissionGrant[] {
  const { permissions } = parseOrThrow(sandboxOptionsSchema, entry.sandbox ?? {}, {
    code: "invalid_config",
    subject: "Invalid sandbox block",
    prefix: ["sandbox"],
  });
  if (permissions === undefined) return [];
  const grants: PermissionGrant[] = [];
  for (const host of permissions.fetch) grants.push({ kind: "network", host, label: `Fetch https://${host}` });
  for (const secret of permissions.secrets) {
    grants.push({
      kind: "secret",
      host: secret.host,
      header: secret.header,
      secret: secret.secret,
      label: `Send the secret ${secret.secret} as the ${secret.header} header to ${secret.host} (the module never sees it)`,
    });
  }
  for (const name of permissions.capabilities) {
    grants.push({ kind: "capability", name, label: `Use the coordinator capability ${name}` });
  }
  if (permissions.transcript) grants.push({ kind: "transcript", label: "Read the conversation history" });
  if (permissions.storage) {
    const quota = permissions.storage.quota_bytes;
    grants.push({ kind: "storage", quota_bytes: quota, label: `Store up to ${quota} bytes in the session` });
  }
  for (const event of permissions.hooks ?? []) {
    grants.push({ kind: "hooks", event, label: `Watch the ${event} event with hook handlers` });
  }
  for (const role of permissions.inject) {
    grants.push({ kind: "inject", role, label: `Add ${role} messages to the conversation` });
  }
  if (permissions.display) grants.push({ kind: "display", label: "Show messages to the user" });
  if (permissions.approval) {
    grants.push({ kind: "approval", label: "Ask the user to approve actions (shown with the module's name)" });
  }
  for (const name of permissions.names) {
    grants.push({ kind: "names", name, label: `Own the tool or provider name ${name}` });
  }
  return grants;
}

/**
 * The grants of a plan entry that deserve a second look, as the kernel reports them when it mounts
 * the module (`risky_permissions`): the conversation or a hook's view of events with the network,
 * injections as the user or the assistant. `kind` is the module's kind (a hook watches every event
 * unless `permissions.hooks` narrows it).
 *
 * @throws KernelError `invalid_config` naming the path of malformed permissions.
 * @example
 * riskyPermissions({ sandbox: { permissions: { inject: ["user"] } } }, "hook");
 * // ["permissions.inject (user): this module can add messages the model will take as the user's"]
 */
export function riskyPermissions(entry: { readonly sandbox?: SandboxOptions | undefined }, kind: ModuleType): string[] {
  return permissionWarnings(resolvePermissions(entry.sandbox), kind);
}
