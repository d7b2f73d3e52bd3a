/**
 * The validator's own coordinator: a real ModuleCoordinator that records every mount and unmount,
 * so validation can see what a module mounted without production code importing a test double.
 * `MockCoordinator` (amplifier-edge/testing) builds on it.
 */
import { ModuleCoordinator, type ModuleCoordinatorOptions } from "../coordinator.ts";
import type { MountRecord } from "../mount-points.ts";

/**
 * A coordinator that keeps `mount_history` and `unmount_history`.
 *
 * @example
 * const coordinator = new RecordingCoordinator({ sessionId: "validation" });
 * await mount(coordinator, {});
 * coordinator.mount_history[0]?.mount_point; // "tools"
 */
export class RecordingCoordinator extends ModuleCoordinator {
  readonly mount_history: MountRecord[] = [];
  readonly unmount_history: MountRecord[] = [];

  constructor(options: ModuleCoordinatorOptions = {}) {
    super({ sessionId: "validation", ...options });
  }

  protected override on_mount(record: MountRecord): void {
    this.mount_history.push(record);
  }

  protected override on_unmount(record: MountRecord): void {
    this.unmount_history.push(record);
  }
}
