/** A loop under test: a real coordinator, provider-mock, chosen tools, an event recorder. */
import type { ApprovalSystem } from "../../../src/approval.ts";
import type { ContextManager, HookHandler, ModuleDefinition, Provider, Tool } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { Message, ToolResultInput } from "../../../src/models/index.ts";
import { createLoopBasic } from "../../../src/modules/loop-basic/index.ts";
import { createLoopStreaming } from "../../../src/modules/loop-streaming/index.ts";
import { type MockProvider, providerMock } from "../../../src/modules/provider-mock/index.ts";
import { CalculatorTool } from "../../../src/modules/tool-calculator/index.ts";
import { EventRecorder, InMemoryContextManager } from "../../../src/testing/index.ts";

/** Which loop a test runs. */
export type LoopKind = "loop-basic" | "loop-streaming";

/** Options of {@link setupLoop}. */
export interface LoopSetup {
  loop?: LoopKind;
  script?: unknown[];
  providerConfig?: Record<string, unknown>;
  loopConfig?: Record<string, unknown>;
  tools?: Tool[];
  context?: ContextManager;
  approval?: ApprovalSystem;
  hooks?: Array<{ event: string; handler: HookHandler; priority?: number }>;
  /** Replaces the mounted provider (to wrap or block it). */
  wrapProvider?: (provider: MockProvider) => Provider;
}

/** Creates a loop under test. */
export async function setupLoop(setup: LoopSetup = {}) {
  const coordinator = new ModuleCoordinator({
    sessionId: "loop-test",
    now: () => new Date("2026-01-01T00:00:00.000Z"),
    ...(setup.approval ? { approvalSystem: setup.approval } : {}),
  });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks);
  for (const hook of setup.hooks ?? []) {
    coordinator.hooks.register(hook.event, hook.handler, { priority: hook.priority ?? 0 });
  }
  const providerConfig = { ...(setup.script ? { script: setup.script } : {}), ...setup.providerConfig };
  await providerMock.mount(coordinator, providerConfig);
  const mock = coordinator.get("providers", "mock") as MockProvider;
  if (setup.wrapProvider) await coordinator.mount("providers", setup.wrapProvider(mock), { name: "mock" });
  for (const tool of setup.tools ?? [new CalculatorTool()]) await coordinator.mount("tools", tool, { name: tool.name });
  let counter = 0;
  const newId = () => `id-${++counter}`;
  const loop: ModuleDefinition =
    (setup.loop ?? "loop-basic") === "loop-basic" ? createLoopBasic({ newId }) : createLoopStreaming({ newId });
  await loop.mount(coordinator, setup.loopConfig ?? {});
  const context = setup.context ?? new InMemoryContextManager();
  await coordinator.mount("context", context);
  const orchestrator = coordinator.get("orchestrator")!;
  const execute = (prompt: string, signal?: AbortSignal) =>
    orchestrator.execute(prompt, context, coordinator.get("providers"), coordinator.get("tools"), coordinator.hooks, {
      coordinator,
      ...(signal ? { signal } : {}),
    });
  const history = (): Promise<Message[]> => context.get_messages();
  return { coordinator, recorder, mock, context, execute, history };
}

/** A promise with its resolve function outside. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A tool whose `execute` is a function the test writes. */
export function scriptedTool(
  name: string,
  execute: (input: Record<string, unknown>, signal?: AbortSignal) => Promise<ToolResultInput>,
  input_schema: Record<string, unknown> = { type: "object", properties: {} },
): Tool & { calls: Record<string, unknown>[] } {
  const calls: Record<string, unknown>[] = [];
  return {
    name,
    description: `test tool ${name}`,
    input_schema,
    calls,
    async execute(input, options) {
      calls.push(input);
      return execute(input, options?.signal);
    },
  };
}

/** A tool that starts, tells the test, and finishes only when its signal aborts (then reports the abort). */
export function blockingTool(name: string, started: () => void): Tool {
  return scriptedTool(
    name,
    (_input, signal) =>
      new Promise((resolve) => {
        started();
        signal?.addEventListener("abort", () => resolve({ success: false, error: { message: `${name} aborted` } }), {
          once: true,
        });
      }),
  );
}
