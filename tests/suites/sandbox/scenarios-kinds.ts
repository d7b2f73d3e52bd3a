/**
 * The five module kinds: each example module, sandboxed, passes the same behavioural checks as its
 * trusted twin, and `validateModule` (protocol_compliance included) passes on both.
 */
import {
  ModuleCoordinator,
  type ModuleType,
  type MountFunction,
  type ToolResult,
  validateModule,
} from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { equal, matches, ok } from "./check.ts";
import type { SandboxHarness, SandboxScenario } from "./environment.ts";
import type { ExampleName } from "./examples.ts";
import { echoProviderTwin, guardHooksTwin, simpleLoopTwin, windowContextTwin, wordCountTwin } from "./twins.ts";

type Cleanup = (() => Promise<unknown> | unknown) | undefined;

async function mountOn(mount: MountFunction, coordinator: ModuleCoordinator, config: Record<string, unknown>) {
  const cleanup = (await mount(coordinator, config)) as Cleanup;
  return async () => {
    if (typeof cleanup === "function") await cleanup();
  };
}

async function toolBehaviour(mount: MountFunction, label: string): Promise<void> {
  const coordinator = new ModuleCoordinator();
  const cleanup = await mountOn(mount, coordinator, { max_chars: 20 });
  const tool = coordinator.get("tools", "word_count");
  ok(tool, `${label}: mounted as word_count`);
  equal(tool?.input_schema?.required, ["text"], `${label}: input_schema`);
  equal(
    await tool?.execute({ text: "a b\nc" }),
    { success: true, output: { words: 3, lines: 2, characters: 5 } },
    `${label}: counts`,
  );
  const invalid = (await tool?.execute({})) as ToolResult;
  equal(
    [invalid.success, invalid.output, invalid.error?.type],
    [false, "text must be a string", "invalid_input"],
    `${label}: invalid input`,
  );
  equal(
    (await tool?.execute({ text: "x".repeat(30) }))?.error?.message,
    "text is longer than 20 characters",
    `${label}: config`,
  );
  await cleanup();
}

async function providerBehaviour(mount: MountFunction, label: string): Promise<void> {
  const coordinator = new ModuleCoordinator();
  const cleanup = await mountOn(mount, coordinator, { prefix: "> " });
  const provider = coordinator.get("providers", "echo");
  ok(provider, `${label}: mounted as echo`);
  if (!provider) return;
  equal(
    (await provider.get_info()).defaults,
    { model: "echo-1", context_window: 8192, max_output_tokens: 1024 },
    `${label}: info`,
  );
  equal(
    (await provider.list_models()).map((model) => model.id),
    ["echo-1"],
    `${label}: models`,
  );
  const plain = await provider.complete({ messages: [{ role: "user", content: "hi there" }] });
  equal(plain.content, [{ type: "text", text: "> hi there" }], `${label}: echo`);
  equal(await provider.parse_tool_calls(plain), [], `${label}: no tool calls`);
  const tools = [{ name: "word_count", parameters: {} }];
  const asking = await provider.complete({ messages: [{ role: "user", content: "count words: a b" }], tools });
  equal(
    await provider.parse_tool_calls(asking),
    [{ id: "call_2", name: "word_count", arguments: { text: "a b" } }],
    `${label}: tool call`,
  );
  const answered = await provider.complete({
    messages: [
      { role: "user", content: "count words: a b" },
      { role: "tool", tool_call_id: "call_2", content: '{"words":2}' },
    ],
  });
  equal(answered.content, [{ type: "text", text: '> the tool said {"words":2}' }], `${label}: answers with the result`);
  await cleanup();
}

async function hookBehaviour(mount: MountFunction, label: string): Promise<void> {
  const coordinator = new ModuleCoordinator();
  const cleanup = await mountOn(mount, coordinator, { deny: ["rm"], note: "Be brief." });
  const denied = await coordinator.hooks.emit("tool:pre", { tool_name: "rm" });
  equal([denied.action, denied.reason], ["deny", "tool rm is not allowed here"], `${label}: deny`);
  equal((await coordinator.hooks.emit("tool:pre", { tool_name: "ls" })).action, "continue", `${label}: allow`);
  const injected = await coordinator.hooks.emit("prompt:submit", { prompt: "hello" });
  equal(
    [injected.action, injected.context_injection, injected.ephemeral],
    ["inject_context", "Be brief.", true],
    `${label}: inject`,
  );
  equal((await coordinator.hooks.emit("guard:stats", {})).data, { allowed: 1 }, `${label}: state kept between calls`);
  await cleanup();
  equal(coordinator.hooks.list_handlers("tool:pre")["tool:pre"] ?? [], [], `${label}: cleanup unregisters`);
}

async function contextBehaviour(mount: MountFunction, label: string): Promise<void> {
  const coordinator = new ModuleCoordinator();
  const cleanup = await mountOn(mount, coordinator, { max_messages: 2 });
  const context = coordinator.get("context");
  ok(context, `${label}: mounted`);
  if (!context) return;
  const history = [
    { role: "system", content: "You are terse." },
    { role: "user", content: "one" },
    { role: "assistant", content: "", tool_calls: [{ id: "c1", tool: "word_count", arguments: { text: "x" } }] },
    { role: "tool", tool_call_id: "c1", content: '{"words":1}' },
    { role: "assistant", content: "done" },
  ] as const;
  for (const message of history) await context.add_message(structuredClone(message) as never);
  equal((await context.get_messages()).length, 5, `${label}: full history kept`);
  const view = await context.get_messages_for_request();
  equal(
    view.map((message) => message.role),
    ["system", "assistant", "tool", "assistant"],
    `${label}: window keeps the tool pair`,
  );
  const small = await context.get_messages_for_request({ token_budget: 30 });
  equal(
    small.map((message) => message.role),
    ["system", "assistant"],
    `${label}: token budget`,
  );
  await context.set_messages([{ role: "user", content: "restored" }]);
  equal(await context.get_messages(), [{ role: "user", content: "restored" }], `${label}: set_messages`);
  await context.clear();
  equal(await context.get_messages(), [], `${label}: clear`);
  await cleanup();
}

async function orchestratorBehaviour(mount: MountFunction, label: string): Promise<void> {
  const coordinator = new ModuleCoordinator({ sessionId: "loop" });
  const cleanups = [
    await mountOn(mount, coordinator, { max_iterations: 4 }),
    await mountOn(echoProviderTwin, coordinator, {}),
    await mountOn(wordCountTwin, coordinator, {}),
    await mountOn(windowContextTwin, coordinator, {}),
  ];
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks);
  const orchestrator = coordinator.get("orchestrator");
  const context = coordinator.get("context");
  ok(orchestrator && context, `${label}: mounted`);
  if (!orchestrator || !context) return;
  const run = (prompt: string) =>
    orchestrator.execute(prompt, context, coordinator.get("providers"), coordinator.get("tools"), coordinator.hooks, {
      coordinator,
    });
  equal(await run("hello"), "echo: hello", `${label}: plain answer`);
  equal(
    await run("count words: a b c"),
    'echo: the tool said {"words":3,"lines":1,"characters":5}',
    `${label}: answer through a tool`,
  );
  const stored = await context.get_messages();
  equal(
    stored.map((message) => message.role),
    ["user", "assistant", "user", "assistant", "tool", "assistant"],
    `${label}: tool pairing`,
  );
  equal(stored[4]?.tool_call_id, "call_2", `${label}: tool result matched to its call`);
  const off = coordinator.hooks.register("tool:pre", () => ({ action: "deny", reason: "not now" }));
  equal(
    await run("count words: x"),
    "echo: the tool said Denied by hook: not now",
    `${label}: hook deny reaches the loop`,
  );
  off();
  const names = recorder.names().filter((name) => !name.startsWith("sandbox:"));
  equal(
    names.slice(0, 6),
    [
      "execution:start",
      "prompt:submit",
      "provider:request",
      "provider:response",
      "orchestrator:complete",
      "execution:end",
    ],
    `${label}: events`,
  );
  for (const cleanup of cleanups.reverse()) await cleanup();
}

const KINDS: readonly {
  kind: ModuleType;
  example: ExampleName;
  twin: MountFunction;
  behaviour: (mount: MountFunction, label: string) => Promise<void>;
  config?: Record<string, unknown>;
  /** What the plan grants the sandboxed twin beyond its kind (the guard injects a note on every prompt). */
  permissions?: Record<string, unknown>;
}[] = [
  { kind: "tool", example: "tool-word-count", twin: wordCountTwin, behaviour: toolBehaviour },
  { kind: "provider", example: "provider-echo", twin: echoProviderTwin, behaviour: providerBehaviour },
  {
    kind: "hook",
    example: "hooks-guard",
    twin: guardHooksTwin,
    behaviour: hookBehaviour,
    config: { deny: ["rm"] },
    permissions: { inject: ["system"] },
  },
  { kind: "context", example: "context-window", twin: windowContextTwin, behaviour: contextBehaviour },
  { kind: "orchestrator", example: "loop-simple", twin: simpleLoopTwin, behaviour: orchestratorBehaviour },
];

async function validates(mount: MountFunction, kind: ModuleType, config: Record<string, unknown>, label: string) {
  const report = await validateModule(mount, { type: kind, config });
  const failed = report.checks.filter((check) => !check.passed && check.severity === "error");
  equal(failed, [], `${label}: validateModule errors`);
  ok(
    report.checks.some((check) => check.name === "protocol_compliance" && check.passed),
    `${label}: protocol_compliance`,
  );
}

export const kindScenarios: SandboxScenario[] = KINDS.map(
  ({ kind, example, twin, behaviour, config, permissions }) => ({
    name: `${kind}: the sandboxed ${example} behaves like its trusted twin and validates`,
    async run(harness: SandboxHarness) {
      await behaviour(twin, `trusted ${example}`);
      await validates(twin, kind, config ?? {}, `trusted ${example}`);
      const sandboxed = harness.module(harness.example(example), {
        id: example,
        kind,
        ...(permissions ? { sandbox: { permissions } } : {}),
      });
      await behaviour(sandboxed.mount, `sandboxed ${example}`);
      await validates(sandboxed.mount, kind, config ?? {}, `sandboxed ${example}`);
    },
  }),
);

export const protocolComplianceScenario: SandboxScenario = {
  name: "a sandboxed module that mounts nothing fails protocol_compliance with the kernel's wording",
  async run(harness) {
    const report = await validateModule(harness.module("export async function mount() {}", { kind: "tool" }).mount, {
      type: "tool",
    });
    const check = report.checks.find((candidate) => candidate.name === "protocol_compliance");
    equal(check?.passed, false, "fails");
    matches(check?.message, /No tool was mounted and mount\(\) did not return a Tool instance/, "message");
  },
};

kindScenarios.push(protocolComplianceScenario);
