/**
 * A sandboxed module's permissions (the plan's `sandbox.permissions`), resolved: nothing is
 * granted unless the plan says so, and every entry is checked with its path named.
 */

import { KernelError } from "../../../src/errors.ts";
import type { ModuleType } from "../../../src/models/index.ts";
import {
  type SandboxOptions,
  type SandboxSecret,
  sandboxPermissionsSchema,
} from "../../../src/plan/sandbox-options.ts";
import { isHostGranted, parseHostPattern, splitHostPort } from "./host-pattern.ts";

/** What a module may do, resolved. */
export interface ResolvedPermissions {
  /** Host patterns the guest may fetch over https; empty means the guest has no `fetch`. */
  readonly fetch: readonly string[];
  /** Credentials the host adds for named hosts. */
  readonly secrets: readonly SandboxSecret[];
  /** Coordinator capabilities the module may read or call, by name. */
  readonly capabilities: readonly string[];
  /** Whether the module may read the conversation. */
  readonly transcript: boolean;
  /** The module's key-value quota in the session's store, when granted. */
  readonly storage: { readonly quotaBytes: number } | undefined;
  /** Events it may register hook handlers for; undefined leaves it to the module's kind. */
  readonly hooks: readonly string[] | undefined;
  /** Roles its context injections may use. */
  readonly inject: readonly ("system" | "user" | "assistant")[];
  /** Whether it may show messages to the user. */
  readonly display: boolean;
  /** Whether it may put approval questions to the user. */
  readonly approval: boolean;
  /** Tool and provider names bound to it. */
  readonly names: readonly string[];
}

/** Nothing granted. */
export const NO_PERMISSIONS: ResolvedPermissions = Object.freeze({
  fetch: [],
  secrets: [],
  capabilities: [],
  transcript: false,
  storage: undefined,
  hooks: undefined,
  inject: [],
  display: false,
  approval: false,
  names: [],
});

/**
 * Resolves the `permissions` of a plan's `sandbox:` block.
 *
 * @throws KernelError `invalid_config` naming the entry (`sandbox.permissions.fetch[1]`, ...).
 * @example
 * resolvePermissions({ permissions: { fetch: ["api.example.com"] } }).fetch; // ["api.example.com"]
 */
export function resolvePermissions(options: SandboxOptions | undefined): ResolvedPermissions {
  const block = options?.permissions;
  if (block === undefined) return NO_PERMISSIONS;
  const parsed = sandboxPermissionsSchema.safeParse(block);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["sandbox", "permissions", ...(issue?.path ?? [])].join(".");
    throw new KernelError("invalid_config", `${path}: ${issue?.message ?? "invalid permissions"}`, {
      data: { path: ["permissions", ...(issue?.path ?? [])] },
    });
  }
  const permissions = parsed.data;
  const fetch = permissions.fetch.map((entry, index) => parseHostPattern(entry, `sandbox.permissions.fetch[${index}]`));
  permissions.secrets.forEach((secret, index) => {
    const where = `sandbox.permissions.secrets[${index}]`;
    const bound = splitHostPort(secret.host.trim());
    if (!bound || secret.host.includes("*") || !isHostGranted(bound.host, fetch, bound.port)) {
      throw new KernelError(
        "invalid_config",
        `${where}.host: "${secret.host}" must be one exact host (and port, 443 unless it says) that permissions.fetch grants, so the credential can go nowhere else`,
      );
    }
    if (secret.format !== undefined && !secret.format.includes("{secret}")) {
      throw new KernelError("invalid_config", `${where}.format: must contain "{secret}" where the value goes`);
    }
  });
  return Object.freeze({
    fetch,
    secrets: permissions.secrets.map((secret) => {
      const bound = splitHostPort(secret.host.trim());
      return {
        ...secret,
        host: bound && bound.port !== 443 ? `${bound.host}:${bound.port}` : (bound?.host ?? secret.host),
      };
    }),
    capabilities: [...new Set(permissions.capabilities)],
    transcript: permissions.transcript,
    storage: permissions.storage ? { quotaBytes: permissions.storage.quota_bytes } : undefined,
    hooks: permissions.hooks === undefined ? undefined : [...new Set(permissions.hooks)],
    inject: [...new Set(permissions.inject)],
    display: permissions.display,
    approval: permissions.approval,
    names: [...new Set(permissions.names)],
  });
}

/**
 * Warnings about grants a reviewer should look at twice: a module that can read the conversation
 * (or watch events) and reach the network can send what it learns away; one that may inject as the
 * user or the assistant can put words in their mouths. `kind` is the module's kind (a hook watches
 * every event unless `permissions.hooks` narrows it).
 */
export function permissionWarnings(permissions: ResolvedPermissions, kind?: ModuleType): string[] {
  const warnings: string[] = [];
  const hosts = permissions.fetch.join(", ");
  if (permissions.transcript && permissions.fetch.length > 0) {
    warnings.push(
      `permissions.transcript with permissions.fetch (${hosts}): this module can read the conversation and send it to those hosts`,
    );
  } else if (permissions.fetch.length > 0 && (kind === "hook" || (permissions.hooks?.length ?? 0) > 0)) {
    const watched = permissions.hooks ? permissions.hooks.join(", ") : "every event";
    warnings.push(
      `hooks on ${watched} with permissions.fetch (${hosts}): this module sees which tools run and when (not what they say, without permissions.transcript) and can send that to those hosts`,
    );
  }
  const voices = permissions.inject.filter((role) => role !== "system");
  if (voices.length > 0) {
    warnings.push(
      `permissions.inject (${voices.join(", ")}): this module can add messages the model will take as the ${voices.join(" or the ")}'s`,
    );
  }
  return warnings;
}
