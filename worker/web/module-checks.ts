/**
 * Trying a module the page pasted: the validator's checks, and an inspection of what it mounts,
 * both with the module in a throwaway sandbox on a RecordingCoordinator, so nothing reaches a session.
 */
import { z } from "zod";
import type { LoadedModule, MountResult, SandboxLoader } from "../../src/contracts.ts";
import { describeError, KernelError } from "../../src/errors.ts";
import { POLICY_VIOLATION } from "../../src/hooks/events.ts";
import { parseOrThrow } from "../../src/issues.ts";
import { moduleTypeSchema } from "../../src/models/index.ts";
import { moduleSourceSchema } from "../../src/plan/module-source.ts";
import { sandboxOptionsSchema } from "../../src/plan/sandbox-options.ts";
import { fail, report, type ValidationReport } from "../../src/validation/check.ts";
import { validateModule } from "../../src/validation/module.ts";
import { RecordingCoordinator } from "../../src/validation/recording-coordinator.ts";
import type { ModuleCheckOptions, ModuleInspection, RequestedCapability, WebModuleSource } from "./client-types.ts";
import { toJsonSafe } from "./json-safe.ts";
import { describePermissions } from "./permissions.ts";

const MODULE_ID = "module-under-test";
const configSchema = z.record(z.string(), z.unknown(), { error: "expected an object (a map of settings)" });
const moduleIdSchema = z
  .string({ error: "expected a module id (a string)" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/, "must be a module id such as tool-calculator");

/** Runs the validator on a module loaded in a sandbox; a module that does not load fails `module_importable`. */
export async function validateSource(
  loader: SandboxLoader,
  source: WebModuleSource,
  options: ModuleCheckOptions,
): Promise<ValidationReport> {
  const config = options.config ?? {};
  let loaded: LoadedModule;
  try {
    loaded = await load(loader, source, options);
  } catch (error) {
    if (KernelError.is(error, "invalid_argument")) throw error;
    return notImportable(error);
  }
  // A syntax error or a refused import shows up when the module mounts; validateModule reports it
  // as what it is, a module that does not load.
  const mount = typeof loaded === "function" ? loaded : loaded.mount;
  return await validateModule(mount, { type: options.type, config });
}

function notImportable(error: unknown): ValidationReport {
  return report([fail("module_importable", describe(error))]);
}

/** Mounts a module in a sandbox and lists what it mounted and what it tried to use beyond its grants. */
export async function inspectSource(
  loader: SandboxLoader,
  source: WebModuleSource,
  options: ModuleCheckOptions,
): Promise<ModuleInspection> {
  const granted = describePermissions({ sandbox: options.sandbox });
  const coordinator = new RecordingCoordinator();
  const requested: RequestedCapability[] = [];
  coordinator.hooks.observe((event, data) => {
    if (event !== POLICY_VIOLATION) return;
    requested.push({
      capability: String(data.capability ?? ""),
      action: String(data.action ?? ""),
      target: String(data.target ?? ""),
      reason: String(data.reason ?? data.message ?? ""),
    });
  });
  let result: MountResult;
  try {
    const loaded = await load(loader, source, options);
    const mount = typeof loaded === "function" ? loaded : loaded.mount;
    result = await mount(coordinator, structuredClone(options.config ?? {}));
  } catch (error) {
    if (KernelError.is(error, "invalid_argument")) throw error;
    await coordinator.cleanup();
    const data = KernelError.is(error) ? error.toData() : { code: "mount_failed" as const, message: describe(error) };
    return { ...emptyInspection(granted, requested), loaded: false, error: data };
  }
  try {
    return {
      loaded: true,
      tools: Object.values(coordinator.get("tools")).map((tool) => ({
        name: tool.name,
        description: tool.description,
        input_schema: toJsonSafe(tool.input_schema ?? {}),
      })),
      providers: Object.keys(coordinator.get("providers")),
      hooks: Object.entries(coordinator.hooks.list_handlers()).flatMap(([event, names]) =>
        names.map((name) => ({ event, name })),
      ),
      orchestrator: coordinator.get("orchestrator") !== undefined,
      context: coordinator.get("context") !== undefined,
      requested,
      granted,
    };
  } finally {
    if (typeof result === "function") {
      const cleanup = result as () => unknown;
      await Promise.resolve()
        .then(() => cleanup())
        .catch(() => undefined);
    }
    await coordinator.cleanup();
  }
}

function emptyInspection(
  granted: ModuleInspection["granted"],
  requested: RequestedCapability[],
): Omit<ModuleInspection, "loaded"> {
  return { tools: [], providers: [], hooks: [], orchestrator: false, context: false, requested, granted };
}

/**
 * Loads a module from the page's source.
 * @throws KernelError `invalid_argument` naming the path of a malformed source or sandbox block.
 */
async function load(
  loader: SandboxLoader,
  source: WebModuleSource,
  options: ModuleCheckOptions,
): Promise<LoadedModule> {
  const where = (subject: string, key: string) => ({ code: "invalid_argument", subject, prefix: [key] }) as const;
  const planSource = parseOrThrow(
    moduleSourceSchema,
    typeof source === "string" ? { inline: source } : source,
    where("Invalid module source", "source"),
  );
  const kind = parseOrThrow(moduleTypeSchema, options.type, where("Invalid module check options", "type"));
  const config = parseOrThrow(configSchema, options.config ?? {}, where("Invalid module check options", "config"));
  const sandbox = parseOrThrow(
    sandboxOptionsSchema,
    options.sandbox ?? {},
    where("Invalid sandbox options", "sandbox"),
  );
  const id = parseOrThrow(moduleIdSchema, options.id ?? MODULE_ID, where("Invalid module check options", "id"));
  return loader.load(
    { id, source: planSource, config, sandbox, kind },
    { coordinator: new RecordingCoordinator(), signal: new AbortController().signal },
  );
}

function describe(error: unknown): string {
  return KernelError.is(error) ? `${error.code}: ${error.message}` : describeError(error);
}
