/**
 * Sessions: a plan whose five modules are all sandboxed answers a prompt; the SandboxLoader takes
 * sources inline, as file maps, as paths relative to the plan and as https URLs; the seed's
 * calculator with its `eval` is harmless in a sandbox.
 */
import { resolveModuleSource } from "../../../sandbox/kernel/module-source.ts";
import { SANDBOX_KILLED } from "../../../src/hooks/events.ts";
import { builtinModules, createSession, KernelError, ModuleCoordinator } from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { equal, matches, ok, rejects } from "./check.ts";
import type { SandboxHarness, SandboxScenario } from "./environment.ts";
import type { ExampleName } from "./examples.ts";
import { mounted, tool } from "./scenarios-engine.ts";

/** A plan entry whose source is a path relative to the plan: `./modules/<example>/index.js`. */
function entry(example: ExampleName, extra: Record<string, unknown> = {}) {
  return { module: example, source: `./modules/${example}/index.js`, ...extra };
}

/** Reads the example modules as if they were files next to a plan in /plans. */
function exampleReader(harness: SandboxHarness) {
  return async (path: string): Promise<string> => {
    const match = /^\/plans\/modules\/([^/]+)\/(.+)$/.exec(path);
    const files = match ? (harness.example(match[1] as ExampleName).files as Record<string, string>) : {};
    const text = match ? files[match[2] as string] : undefined;
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  };
}

/** A sandboxed provider that streams three words, or an event no provider may send. */
const STREAMING_PROVIDER = `
export async function mount(coordinator, config) {
  await coordinator.mount("providers", {
    name: "chunky",
    get_info() {
      return { id: "chunky", display_name: "Chunky", credential_env_vars: [], capabilities: ["streaming"], defaults: {} };
    },
    async list_models() { return []; },
    async complete() { return { content: [{ type: "text", text: "not streamed" }] }; },
    parse_tool_calls() { return []; },
    async *stream() {
      if (config.broken) { yield { type: "telepathy", text: "?" }; return; }
      const words = ["one ", "two ", "three"];
      for (const text of words) yield { type: "text_delta", index: 0, text };
      yield { type: "done", response: { content: [{ type: "text", text: words.join("") }], finish_reason: "stop" } };
    },
  }, { name: "chunky" });
}`;

/** A context manager that keeps every message, and loops forever once an instance was told "spin". */
const KEEPING_CONTEXT = `
export async function mount(coordinator) {
  let messages = [];
  let spin = false;
  await coordinator.mount("context", {
    async add_message(message) { messages.push(message); if (message.content === "spin") spin = true; },
    async get_messages() { return messages.slice(); },
    async get_messages_for_request() { if (spin) for (;;) {} return messages.slice(); },
    async set_messages(list) { messages = list.slice(); },
    async clear() { messages = []; },
  });
}`;

/** A tool whose every answer is 700 KiB: two of them make a history no boundary message can hold. */
const BIG_TOOL = `export async function mount(c) {
  await c.mount("tools", { name: "big", description: "700 KiB", input_schema: { type: "object" },
    execute: async (input) => ({ output: String(input.tag) + "x".repeat(700 * 1024) }) });
}`;

const contextStateScenario: SandboxScenario = {
  name: "a sandboxed context manager holds a history larger than one boundary message, and gets it back after a kill",
  async run(harness) {
    const call = (id: string) => ({ id, name: "big", arguments: { tag: id } });
    const plan = {
      session: {
        orchestrator: "loop-basic",
        context: {
          module: "context-keeping",
          source: { inline: KEEPING_CONTEXT },
          sandbox: harness.limits({ timeout_ms: 300, restarts: 2 }),
        },
      },
      providers: [
        {
          module: "provider-mock",
          config: {
            script: [{ text: "two big ones", tool_calls: [call("a"), call("b")] }, { text: "done" }],
            when_exhausted: "default",
          },
        },
      ],
      tools: [{ module: "tool-big", source: { inline: BIG_TOOL }, sandbox: harness.limits() }],
    };
    const session = createSession(plan, { modules: builtinModules, sandbox: harness.sandboxes().loader });
    const recorder = new EventRecorder();
    recorder.attach(session.coordinator.hooks, [SANDBOX_KILLED]);
    equal(await session.execute("go"), "done", "a turn whose history passes 1 MiB");
    const context = session.coordinator.get("context");
    const roles = (await context?.get_messages())?.map((message) => message.role);
    equal(roles, ["user", "assistant", "tool", "tool", "assistant"], "the whole history, read in pages");
    const rejected = await session.execute("spin").catch((error: unknown) => error);
    ok(KernelError.is(rejected, "sandbox_timeout"), "the context manager is killed for its time limit");
    equal(recorder.get_events(SANDBOX_KILLED).length, 1, "one kill");
    const after = await context?.get_messages();
    equal(
      after?.map((message) => message.role),
      ["user", "assistant", "tool", "tool", "assistant", "user"],
      "restarted with the history the kernel wrote, the turn's prompt included",
    );
    ok(
      String(after?.[3]?.content).startsWith("b") && String(after?.[3]?.content).length > 700 * 1024,
      "large results come back whole",
    );
    await session.cleanup();
  },
};

const streamingScenario: SandboxScenario = {
  name: "a sandboxed provider's stream() reaches loop-streaming one validated delta at a time",
  async run(harness) {
    const plan = (config: Record<string, unknown>) => ({
      session: { orchestrator: "loop-streaming", context: "context-simple" },
      providers: [
        { module: "provider-chunky", source: { inline: STREAMING_PROVIDER }, config, sandbox: harness.limits() },
      ],
    });
    const sandbox = harness.sandboxes().loader;
    const session = createSession(plan({}), { modules: builtinModules, sandbox });
    const recorder = new EventRecorder();
    recorder.attach(session.coordinator.hooks, ["content_block:delta"]);
    equal(await session.execute("go"), "one two three", "the streamed answer");
    equal(
      recorder.get_events("content_block:delta").map((event) => event.data.delta),
      ["one ", "two ", "three"],
      "one content_block:delta per streamed delta",
    );
    const provider = session.coordinator.get("providers", "chunky");
    const iterator = provider?.stream?.({ messages: [{ role: "user", content: "x" }] })[Symbol.asyncIterator]();
    equal((await iterator?.next())?.value, { type: "text_delta", index: 0, text: "one " }, "a stream read by hand");
    await iterator?.return?.(undefined);
    equal(await session.execute("again"), "one two three", "a stream left early was closed, the next one works");
    await session.cleanup();

    const broken = createSession(plan({ broken: true }), { modules: builtinModules, sandbox });
    const error = await broken.execute("go").catch((caught: unknown) => caught);
    ok(KernelError.is(error), "an invalid streamed event fails the turn with a KernelError");
    matches((error as Error).message, /chunky\.stream\(\) yielded an invalid event/, "and says which provider and why");
    await broken.cleanup();
  },
};

/** A sandboxed module mounting one tool called `name` that answers `answer`. */
function namedTool(name: string, answer: string): string {
  return `export async function mount(c) { await c.mount("tools", { name: ${JSON.stringify(name)}, description: "d", execute: async () => ({ output: ${JSON.stringify(answer)} }) }); }`;
}

const namesScenario: SandboxScenario = {
  name: "tool names are bound by the plan, not by who mounts first: a declared owner takes its name back, two undeclared claimants both lose it",
  async run(harness) {
    const plan = {
      session: { orchestrator: "loop-basic", context: "context-simple" },
      providers: [{ module: "provider-mock", config: { script: [{ text: "ok" }] } }],
      tools: [
        { module: "tool-squatter", source: { inline: namedTool("lookup", "squatter") }, sandbox: harness.limits() },
        {
          module: "tool-owner",
          source: { inline: namedTool("lookup", "owner") },
          sandbox: { ...harness.limits(), permissions: { names: ["lookup"] } },
        },
        { module: "tool-first", source: { inline: namedTool("shared", "first") }, sandbox: harness.limits() },
        { module: "tool-second", source: { inline: namedTool("shared", "second") }, sandbox: harness.limits() },
      ],
    };
    const session = createSession(plan, { modules: builtinModules, sandbox: harness.sandboxes().loader });
    const recorder = new EventRecorder();
    recorder.attach(session.coordinator.hooks, ["policy:violation"]);
    await session.initialize();
    const lookup = session.coordinator.get("tools", "lookup");
    equal(
      (await lookup?.execute({}))?.output,
      "owner",
      "the declared owner holds its name, though the squatter mounted first",
    );
    equal(session.coordinator.get("tools", "shared"), undefined, "a name two undeclared modules claim goes to neither");
    const failed = session
      .status()
      .failedModules.map((failure) => failure.module_id)
      .sort();
    equal(failed, ["tool-second"], "the second claimant's mount fails (the first had mounted, and was withdrawn)");
    const violations = recorder
      .get_events("policy:violation")
      .map((event) => `${event.data.module} ${event.data.target}`);
    equal(
      violations.sort(),
      ["tool-first shared", "tool-second shared", "tool-squatter lookup"],
      "every loser is reported",
    );
    await session.cleanup();
  },
};

export const sessionScenarios: SandboxScenario[] = [
  namesScenario,
  contextStateScenario,
  {
    name: "a plan granting a hook the network, or a module the user's voice, mounts with a warning naming both",
    async run(harness) {
      const plan = {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [{ module: "provider-mock" }],
        hooks: [
          entry("hooks-guard", {
            config: { deny: ["rm"] },
            sandbox: {
              ...harness.limits(),
              permissions: { inject: ["system", "user"], fetch: ["telemetry.example.com"] },
            },
          }),
        ],
      };
      const session = createSession(plan, {
        modules: builtinModules,
        sandbox: harness.sandboxes({ readFile: exampleReader(harness) }).loader,
        planDir: "/plans",
      });
      await session.initialize();
      equal(session.status().failedModules, [], "a risky grant is still mounted");
      const warnings = session.status().warnings.map((warning) => [warning.code, warning.message]);
      equal(warnings.length, 2, "one warning per risky grant");
      equal(warnings[0]?.[0], "risky_permissions", "warning code");
      matches(
        warnings[0]?.[1],
        /^hooks-guard: hooks on every event with permissions\.fetch \(telemetry\.example\.com\)/,
        "the first warning names the module, its hooks and its hosts",
      );
      matches(warnings[1]?.[1], /permissions\.inject \(user\): .*as the user's$/, "the second warning names the role");
      await session.cleanup();
    },
  },
  {
    name: "a session whose five modules are all sandboxed answers a prompt",
    async run(harness) {
      const plan = {
        session: {
          orchestrator: entry("loop-simple", { config: { max_iterations: 4 }, sandbox: harness.limits() }),
          context: entry("context-window", { sandbox: harness.limits() }),
        },
        providers: [entry("provider-echo", { sandbox: harness.limits() })],
        tools: [entry("tool-word-count", { sandbox: harness.limits() })],
        hooks: [
          entry("hooks-guard", {
            config: { deny: ["rm"] },
            sandbox: { ...harness.limits(), permissions: { inject: ["system"] } },
          }),
        ],
      };
      const session = createSession(plan, {
        sandbox: harness.sandboxes({ readFile: exampleReader(harness) }).loader,
        planDir: "/plans",
        sessionId: "all-sandboxed",
      });
      const recorder = new EventRecorder();
      recorder.attach(session.coordinator.hooks, ["sandbox:started", "tool:pre", "tool:post", "prompt:complete"]);
      await session.initialize();
      equal(session.status().failedModules, [], "every module mounted");
      equal(session.status().warnings, [], "a system-only inject grant is not risky");
      equal(recorder.get_events("sandbox:started").length, 5, "five sandboxes started");
      equal(await session.execute("hello sandbox"), "echo: hello sandbox", "a plain answer");
      const answer = await session.execute("count words: one two three");
      equal(answer, 'echo: the tool said {"words":3,"lines":1,"characters":13}', "an answer through a sandboxed tool");
      equal(recorder.get_events("tool:post")[0]?.data.tool_name, "word_count", "tool:post from the sandboxed loop");
      const history = await session.coordinator.get("context")?.get_messages();
      equal(
        history?.map((message) => message.role),
        ["user", "assistant", "user", "assistant", "tool", "assistant"],
        "history",
      );
      await session.cleanup();
    },
  },
  {
    name: "the SandboxLoader reads sources inline, as file maps, relative to the plan and over https",
    async run(harness) {
      const word = harness.example("tool-word-count");
      const files: Record<string, string> = {
        "/plans/modules/word.js":
          "export async function mount(c) { await c.mount('tools', { name: 'w', description: 'w', execute: async () => ({ output: 'file' }) }); }",
      };
      const requested: string[] = [];
      const { loader } = harness.sandboxes({
        readFile: async (path) => {
          const text = files[path];
          if (text === undefined) throw new Error(`ENOENT: ${path}`);
          return text;
        },
        fetchSource: async (url) => {
          requested.push(url);
          return new Response(
            "export async function mount(c) { await c.mount('tools', { name: 'u', description: 'u', execute: async () => ({ output: 'url' }) }); }",
          );
        },
      });
      const coordinator = new ModuleCoordinator();
      const signal = new AbortController().signal;
      const sources = [
        ["./modules/word.js", "w", "file"],
        ["https://modules.example/u.js", "u", "url"],
        [
          {
            inline:
              "export async function mount(c) { await c.mount('tools', { name: 'i', description: 'i', execute: async () => ({ output: 'inline' }) }); }",
          },
          "i",
          "inline",
        ],
      ] as const;
      const cleanups: (() => Promise<void>)[] = [];
      for (const [source, name, output] of sources) {
        const loaded = await loader.load(
          { id: `tool-${name}`, source, config: {}, sandbox: harness.limits(), kind: "tool", planDir: "/plans" },
          { coordinator, signal },
        );
        const mount = typeof loaded === "function" ? loaded : loaded.mount;
        cleanups.push((await mount(coordinator, {})) as () => Promise<void>);
        equal((await tool(coordinator, name).execute({})).output, output, `${name} runs`);
      }
      equal(requested, ["https://modules.example/u.js"], "the host fetched the URL");
      const mapped = await resolveModuleSource({ files: word.files, entry: "index.js" }, undefined, {});
      equal(Object.keys(mapped.files).sort(), ["count.js", "index.js"], "a file map is kept whole");
      for (const [source, pattern] of [
        ["http://insecure.example/m.js", /must be a relative path, an https URL/],
        ["git+https://github.com/org/repo", /must be a relative path, an https URL/],
        ["./missing.js", /cannot read \/plans\/missing\.js/],
      ] as const) {
        const error = await rejects(
          resolveModuleSource(source, "/plans", { readFile: async () => Promise.reject(new Error("ENOENT")) }),
          source,
        );
        ok(KernelError.is(error, "module_not_found"), `${source}: module_not_found`);
        matches(error.message, pattern, `${source}: message`);
      }
      for (const cleanup of cleanups) await cleanup();
    },
  },
  {
    name: "the seed's calculator keeps its eval, and eval reaches nothing outside the sandbox",
    async run(harness) {
      const recorder = new EventRecorder();
      const coordinator = new ModuleCoordinator();
      recorder.attach(coordinator.hooks, [SANDBOX_KILLED]);
      const calculator = await mounted(
        harness,
        harness.example("tool-calculator-eval"),
        { id: "tool-calculator", sandbox: { timeout_ms: 300 } },
        coordinator,
      );
      const witness = await mounted(harness, harness.example("tool-word-count"), {}, coordinator);
      const calc = (expression: string) => tool(coordinator, "calculator").execute({ expression });
      equal((await calc("2 + 3 * 4")).output, "14", "it calculates");
      for (const attempt of [
        "typeof process",
        "typeof require",
        "typeof fetch",
        "typeof globalThis.__amplifier_host_request",
        "this.constructor.constructor('return typeof process')()",
        "(() => {}).constructor('return typeof setTimeout')()",
      ]) {
        equal((await calc(attempt)).output, "undefined", attempt);
      }
      const syntax = await calc("2 +");
      equal([syntax.success, syntax.error?.type], [false, "SyntaxError"], "a bad expression is a failed result");
      const runaway = await calc("while (true) {}");
      equal(runaway.error?.code, "sandbox_timeout", "an endless expression is stopped");
      equal(recorder.get_events(SANDBOX_KILLED)[0]?.data.reason, "timeout", "and reported");
      equal(
        (await tool(coordinator, "word_count").execute({ text: "fine" })).success,
        true,
        "the other module is untouched",
      );
      equal((await calc("6 * 7")).output, "42", "the calculator restarts and works");
      await calculator.cleanup();
      await witness.cleanup();
    },
  },
  streamingScenario,
];
