/**
 * The coordinator's mount points: three single slots and two named collections, with the
 * original's errors for unknown points, `hooks`, and missing names.
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

/** Holds the mounted modules. */
export class MountPoints {
  readonly #single = new Map<SinglePoint, unknown>();
  readonly #multi: Record<MultiPoint, Map<string, unknown>> = { providers: new Map(), tools: new Map() };

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
      this.#single.set(point, module);
      return { mount_point: point, name, module };
    }
    const key = name ?? (module as { name?: unknown }).name;
    if (typeof key !== "string" || key.length === 0) {
      throw new KernelError("name_required", `Name required for ${point}: pass { name } or give the module a name.`);
    }
    this.#multi[point].set(key, module);
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
      this.#single.delete(point);
      return { mount_point: point, name, module: undefined };
    }
    if (!isMulti(point)) throw unknownMountPoint(point);
    if (name === undefined) throw new KernelError("name_required", `Name required to unmount from ${point}.`);
    this.#multi[point].delete(name);
    return { mount_point: point, name, module: undefined };
  }

  /**
   * The module at a single point, a snapshot of a multi point, or one named module.
   *
   * @throws KernelError `unknown_mount_point`.
   */
  get(mountPoint: string, name?: string): unknown {
    if (isSingle(mountPoint)) return this.#single.get(mountPoint);
    if (isMulti(mountPoint)) {
      const modules = this.#multi[mountPoint];
      return name === undefined ? Object.fromEntries(modules) : modules.get(name);
    }
    throw unknownMountPoint(mountPoint);
  }

  /** Names mounted at a multi point, in mount order. */
  names(point: MultiPoint): string[] {
    return [...this.#multi[point].keys()];
  }

  /** True when a single point holds a module. */
  has(point: SinglePoint): boolean {
    return this.#single.has(point);
  }
}

function unknownMountPoint(point: string): KernelError {
  return new KernelError(
    "unknown_mount_point",
    `Unknown mount point: ${point} (expected one of ${[...SINGLE_MOUNT_POINTS, ...MULTI_MOUNT_POINTS, "hooks"].join(", ")}).`,
    { data: { mount_point: point } },
  );
}
