/**
 * Ready coordinators for tests: ours (`createTestCoordinator`: `echo` returns its input, `fail`
 * fails) and the original's (`create_test_coordinator`: `echo` answers "Echo response" and `fail`
 * is a MockTool with no output, as there).
 */
import type { ModuleCoordinatorOptions } from "../coordinator.ts";
import { toolFailure, toolSuccess } from "../models/index.ts";
import { MockContextManager } from "./mock-context.ts";
import { MockCoordinator } from "./mock-coordinator.ts";
import { MockTool } from "./mock-tool.ts";

/**
 * A coordinator for tests: `echo` returns its input, `fail` returns a failure, the context records calls.
 *
 * @example
 * const coordinator = await createTestCoordinator();
 * await coordinator.get("tools", "echo")?.execute({ text: "hi" });
 */
export async function createTestCoordinator(options: ModuleCoordinatorOptions = {}): Promise<MockCoordinator> {
  const coordinator = new MockCoordinator(options);
  await coordinator.mount(
    "tools",
    new MockTool({ name: "echo", description: "Returns its input.", respond: async (input) => toolSuccess(input) }),
  );
  await coordinator.mount(
    "tools",
    new MockTool({
      name: "fail",
      description: "Always fails.",
      respond: async () => toolFailure("Intentional failure"),
    }),
  );
  await coordinator.mount("context", new MockContextManager());
  return coordinator;
}

/**
 * The original's `create_test_coordinator()`: a MockCoordinator with the MockTools `echo`
 * (output "Echo response") and `fail` (no output) and a MockContextManager, written straight into
 * `mount_points` as the original does.
 */
export function create_test_coordinator(): MockCoordinator {
  const coordinator = new MockCoordinator();
  coordinator.mount_points.tools.echo = new MockTool("echo", "Echo response");
  coordinator.mount_points.tools.fail = new MockTool("fail", null);
  coordinator.mount_points.context = new MockContextManager();
  return coordinator;
}
