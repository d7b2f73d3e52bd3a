/**
 * Inline placement: the runner lives on the kernel's thread and the kernel side calls it
 * directly, with no message channel between them. Nothing but data still crosses: values enter
 * and leave the guest as JSON text, so what the runner returns is always a fresh copy.
 */
import type { EngineObserver } from "../protocol.ts";
import { ModuleRunner } from "../runner/module-runner.ts";
import type { SpareInstances } from "../runner/spare-instances.ts";
import type { LinkExit, RunnerConnector, RunnerLink } from "./runner-link.ts";

/**
 * A connector to runners on this thread, taking instances from `spares`.
 *
 * @example
 * const connect = directConnector(spares, {});
 * const link = await connect(kernelPort);
 */
export function directConnector(spares: SpareInstances, observer: EngineObserver): RunnerConnector {
  return async (port) => {
    const runner = new ModuleRunner(spares, port, observer);
    let markExited: (exit: LinkExit) => void = () => undefined;
    const exited = new Promise<LinkExit>((resolve) => {
      markExited = resolve;
    });
    let ended = false;
    const link: RunnerLink = {
      placement: "inline",
      api: runner,
      exited,
      // The supervisor only watches runners in other threads: this one shares the kernel's thread.
      pending: 0,
      ping: async () => !ended,
      async terminate() {
        if (ended) return;
        ended = true;
        await runner.stop();
        markExited({ cause: "terminated", message: "the inline sandbox was stopped" });
      },
    };
    return link;
  };
}
