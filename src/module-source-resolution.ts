/**
 * How the loader consults the `module-source-resolver` mount point (the original's
 * ModuleSourceResolver): `async_resolve` (else `resolve`) with the module id and the plan's source
 * as the hint (and this kernel's {@link ModuleResolveContext}: the entry's slot and grant); a `ModuleSource` object is resolved once more through its own `resolve()`. "Not
 * mine" (nothing returned, or a not-found error) falls back to direct discovery.
 */
import type { Coordinator, ModuleResolveContext, ModuleSourceResolver } from "./contracts.ts";
import { KernelError } from "./errors.ts";
import { parseOrThrow } from "./issues.ts";
import { type ModuleSource, moduleSourceSchema } from "./plan/module-source.ts";

function isNotFound(error: unknown): boolean {
  if (KernelError.is(error, "module_not_found")) return true;
  return error instanceof Error && error.name === "ModuleNotFoundError";
}

function hasResolve(value: unknown): value is { resolve(): unknown } {
  return typeof value === "object" && value !== null && typeof (value as { resolve?: unknown }).resolve === "function";
}

/**
 * The source the mounted resolver gives for `moduleId`, or undefined when no resolver is mounted
 * or it has none (then the loader uses the built-ins and the plan's `source`).
 *
 * @throws KernelError `module_invalid` when the resolver answers something that is not a module
 *   source (every problem in its `issues`); the resolver's own errors (other than not-found) propagate.
 */
export async function resolveModuleSource(
  coordinator: Coordinator,
  moduleId: string,
  hint: ModuleSource | undefined,
  context?: ModuleResolveContext,
): Promise<ModuleSource | undefined> {
  const resolver = coordinator.get("module-source-resolver") as ModuleSourceResolver | null | undefined;
  if (resolver === null || resolver === undefined) return undefined;
  let answer: unknown;
  try {
    if (typeof resolver.async_resolve === "function") answer = await resolver.async_resolve(moduleId, hint, context);
    else if (typeof resolver.resolve === "function") answer = await resolver.resolve(moduleId, hint, context);
    else return undefined;
    if (hasResolve(answer)) answer = await answer.resolve();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  if (answer === null || answer === undefined) return undefined;
  return parseOrThrow(moduleSourceSchema, answer, {
    code: "module_invalid",
    subject: `The module-source-resolver answered something that is not a module source for "${moduleId}"`,
    data: { module_id: moduleId },
  });
}
