import { z } from "zod";

/** The kinds of module. `resolver` mounts at `module-source-resolver`. */
export const moduleTypeSchema = z.enum(["orchestrator", "provider", "tool", "context", "hook", "resolver"]);

/** A kind of module. */
export type ModuleType = z.infer<typeof moduleTypeSchema>;

/** Where modules mount on the coordinator. `hooks` is the registry itself, never mounted into. */
export const mountPointSchema = z.enum([
  "orchestrator",
  "context",
  "providers",
  "tools",
  "hooks",
  "module-source-resolver",
]);

/** A mount point of the coordinator. */
export type MountPoint = z.infer<typeof mountPointSchema>;

/** The mount point of each module type. */
export const MOUNT_POINT_OF_TYPE: Readonly<Record<ModuleType, MountPoint>> = Object.freeze({
  orchestrator: "orchestrator",
  provider: "providers",
  tool: "tools",
  hook: "hooks",
  context: "context",
  resolver: "module-source-resolver",
});

/** Describes a module (for listings and validation reports). */
export const moduleInfoSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  version: z.string(),
  type: moduleTypeSchema,
  mount_point: mountPointSchema,
  description: z.string(),
  config_schema: z.record(z.string(), z.unknown()).optional(),
});

/** Describes a module. */
export type ModuleInfo = z.infer<typeof moduleInfoSchema>;
