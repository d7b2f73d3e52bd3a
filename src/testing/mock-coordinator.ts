/** A real ModuleCoordinator that records every mount and unmount, for module tests. */
import type { ApprovalAsker, ApprovalSystem, DisplaySystem } from "../approval.ts";
import type { ModuleCoordinatorOptions } from "../coordinator.ts";
import { RecordingCoordinator } from "../validation/recording-coordinator.ts";

/** A display system that keeps what it was asked to show. */
export class RecordingDisplay implements DisplaySystem {
  readonly messages: { message: string; level: string; source: string }[] = [];
  show_message(message: string, level: "info" | "warning" | "error", source: string): void {
    this.messages.push({ message, level, source });
  }
}

/**
 * An approval system that answers from a script: a fixed decision, a function, or a queue.
 * `requests` records every question.
 */
export class ScriptedApproval implements ApprovalSystem {
  readonly requests: {
    prompt: string;
    options: readonly string[];
    timeout: number;
    default: "allow" | "deny";
    asker: ApprovalAsker | undefined;
  }[] = [];
  readonly #answer: (prompt: string, options: readonly string[]) => string | Promise<string>;

  constructor(
    answer: string | readonly string[] | ((prompt: string, options: readonly string[]) => string | Promise<string>),
  ) {
    if (typeof answer === "function") this.#answer = answer;
    else if (typeof answer === "string") this.#answer = () => answer;
    else {
      const queue = [...answer];
      this.#answer = () => queue.shift() ?? "Deny";
    }
  }

  async request_approval(
    prompt: string,
    options: readonly string[],
    timeout: number,
    default_: "allow" | "deny",
    asker?: ApprovalAsker,
  ) {
    this.requests.push({ prompt, options, timeout, default: default_, asker });
    return this.#answer(prompt, options);
  }
}

/**
 * A coordinator for module tests: session id `test-session`, a recording display, and
 * `mount_history` / `unmount_history`.
 *
 * @example
 * const coordinator = new MockCoordinator();
 * await mount(coordinator, {});
 * expect(coordinator.mount_history[0]?.mount_point).toBe("tools");
 */
export class MockCoordinator extends RecordingCoordinator {
  readonly display: RecordingDisplay;

  constructor(options: ModuleCoordinatorOptions = {}) {
    const display = new RecordingDisplay();
    super({ sessionId: "test-session", displaySystem: display, ...options });
    this.display = display;
  }
}
