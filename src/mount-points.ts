/**
 * The coordinator's mount points: three single slots and two named collections, kept in the
 * original's live `mount_points` dict, with the original's errors for unknown points, `hooks`,
 * and missing names.
 */
import type { MountOptions } from "./contracts.ts";
import { KernelError } from "./errors.ts";

/** Mount points that hold one module. */
export const SINGLE_MOUNT_POINTS = ["orchestrator", "context", "module-source-resolver"] as const;
/** Mount points that hold modules by name. */
export const MULTI_MOUNT_POINTS = ["providers", "tools"] as const;

type SinglePoint = (typeof SINGLE_MOUNT_POINTS)[number];
type MultiPoint = (typeof MULTI_MOUNT_POINTS)[number];

const isSingle = (point: string): point is SinglePoint => (SINGLE_MOUNT_POINTS as readonly string[]).includes(point);
const isMulti = (point: string): point is MultiPoint => (MULTI_MOUNT_POINTS as readonly string[]).includes(point);

/** One change to the mount points, as recorded by test coordinators. */
export interface MountRecord {
  mount_point: string;
  name: string | undefined;
  module: unknown;
}

function nameOf(options: MountOptions | string | undefined): string | undefined {
  return typeof options === "string" ? options : options?.name;
}

/**
 * Old Amplifier docs mount with `mount("session", module, name="orchestrator"|"context")`; modules
 * written from them still work: that form is read as the `orchestrator` / `context` mount point.
 */
function resolveLegacy(point: string, name: string | undefined): { point: string; name: string | undefined } {
  if (point === "session" && (name === "orchestrator" || name === "context")) return { point: name, name: undefined };
  return { point, name };
}

/**
 * The original's `coordinator.mount_points` dict: the three single points (`null` when empty),
 * `providers` and `tools` by name, and `hooks`, the registry itself. It is live: modules and tests
 * written for the original write into it directly (`mount_points.tools.echo = tool`), and `get()`
 * sees that. The collections and `hooks` cannot be replaced, only changed.
 */
export interface MountPointsDict {
  orchestrator: unknown;
  context: unknown;
  "module-source-resolver": unknown;
  readonly providers: Record<string, unknown>;
  readonly tools: Record<string, unknown>;
  readonly hooks: unknown;
}

function emptyCollection(): Record<string, unknown> {
  // No prototype: a module named "__proto__" or "constructor" is just a name.
  return Object.create(null) as Record<string, unknown>;
}

/** Holds the mounted modules, in the original's `mount_points` shape. */
export class MountPoints {
  /** The live dict (see {@link MountPointsDict}). */
  readonly dict: MountPointsDict;

  constructor(hooks: unknown = null) {
    const dict = { orchestrator: null, context: null, "module-source-resolver": null } as MountPointsDict;
    for (const [key, value] of [
      ["providers", emptyCollection()],
      ["tools", emptyCollection()],
      ["hooks", hooks],
    ] as const) {
      Object.defineProperty(dict, key, { value, enumerable: true, writable: false, configurable: false });
    }
    this.dict = dict;
  }

  /**
   * Mounts `module`. Single points are replaced; multi points use the name, else `module.name`.
   *
   * @throws KernelError `unknown_mount_point`, `invalid_argument` (for `hooks` or a missing module), `name_required`.
   */
  mount(mountPoint: string, module: unknown, options?: MountOptions | string): MountRecord {
    const { point, name } = resolveLegacy(mountPoint, nameOf(options));
    if (point === "hooks") {
      throw new KernelError("invalid_argument", "Hooks should be registered directly with the HookRegistry");
    }
    if (!isSingle(point) && !isMulti(point)) throw unknownMountPoint(point);
    if (module === null || (typeof module !== "object" && typeof module !== "function")) {
      throw new KernelError(
        "invalid_argument",
        `mount("${point}"): the module must be an object, got ${typeof module}.`,
      );
    }
    if (isSingle(point)) {
      this.dict[point] = module;
      return { mount_point: point, name, module };
    }
    const key = name ?? (module as { name?: unknown }).name;
    if (typeof key !== "string" || key.length === 0) {
      throw new KernelError("name_required", `Name required for ${point}: pass { name } or give the module a name.`);
    }
    this.dict[point][key] = module;
    return { mount_point: point, name: key, module };
  }

  /**
   * Unmounts. A single point becomes empty; a multi point needs a name; a missing entry is ignored.
   *
   * @throws KernelError `unknown_mount_point`, `name_required`, `invalid_argument` (for `hooks`).
   */
  unmount(mountPoint: string, options?: MountOptions | string): MountRecord {
    const { point, name } = resolveLegacy(mountPoint, nameOf(options));
    if (point === "hooks") {
      throw new KernelError("invalid_argument", "Hooks should be unregistered directly with the HookRegistry");
    }
    if (isSingle(point)) {
      this.dict[point] = null;
      return { mount_point: point, name, module: undefined };
    }
    if (!isMulti(point)) throw unknownMountPoint(point);
    if (name === undefined) throw new KernelError("name_required", `Name required to unmount from ${point}.`);
    delete this.dict[point][name];
    return { mount_point: point, name, module: undefined };
  }

  /**
   * The module at a single point (undefined when empty), a snapshot of a multi point, or one named module.
   *
   * @throws KernelError `unknown_mount_point`.
   */
  get(mountPoint: string, name?: string): unknown {
    if (isSingle(mountPoint)) return this.dict[mountPoint] ?? undefined;
    if (isMulti(mountPoint)) {
      const modules = this.dict[mountPoint];
      if (name === undefined) return { ...modules };
      return Object.hasOwn(modules, name) ? modules[name] : undefined;
    }
    throw unknownMountPoint(mountPoint);
  }

  /** Names mounted at a multi point, in mount order. */
  names(point: MultiPoint): string[] {
    return Object.keys(this.dict[point]);
  }

  /** True when a single point holds a module. */
  has(point: SinglePoint): boolean {
    return this.dict[point] !== null && this.dict[point] !== undefined;
  }
}

function unknownMountPoint(point: string): KernelError {
  return new KernelError(
    "unknown_mount_point",
    `Unknown mount point: ${point} (expected one of ${[...SINGLE_MOUNT_POINTS, ...MULTI_MOUNT_POINTS, "hooks"].join(", ")}).`,
    { data: { mount_point: point } },
  );
}
