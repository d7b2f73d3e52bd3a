/**
 * The engine: loading ES modules (own files, the SDK, top-level await), refusing everything
 * else, the guest coordinator's names, and guest failures turned into data.
 */
import { ModuleCoordinator, type Tool } from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { equal, matches, ok, rejects } from "./check.ts";
import type { SandboxHarness, SandboxScenario } from "./environment.ts";

/** Mounts `source` as a sandboxed module on a fresh coordinator; returns both and the cleanup. */
export async function mounted(
  harness: SandboxHarness,
  source: Parameters<SandboxHarness["module"]>[0],
  options: Parameters<SandboxHarness["module"]>[1] & { config?: Record<string, unknown> } = {},
  coordinator = new ModuleCoordinator({ sessionId: "sandbox-test" }),
) {
  const module = harness.module(source, options);
  const cleanup = (await module.mount(coordinator, options.config ?? {})) as () => Promise<void>;
  return { coordinator, cleanup };
}

/** A module mounting one tool whose execute body is `body` (an async function body). */
export function toolModule(body: string, prelude = ""): string {
  return `import { ToolResult } from "amplifier-core";
${prelude}
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "probe", description: "probe", async execute(input) { ${body} } }, { name: "probe" });
}`;
}

/** The tool `name` mounted on `coordinator`. */
export function tool(coordinator: ModuleCoordinator, name = "probe"): Tool {
  const found = coordinator.get("tools", name);
  if (!found) throw new Error(`no tool ${name} is mounted`);
  return found;
}

export const engineScenarios: SandboxScenario[] = [
  {
    name: "mounts the word-count example and runs it with its own relative import and the SDK",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(harness, harness.example("tool-word-count"), { kind: "tool" });
      const wordCount = tool(coordinator, "word_count");
      equal(wordCount.description, "Count the words, lines and characters of a text", "description");
      equal(
        await wordCount.execute({ text: "one two\nthree" }),
        { success: true, output: { words: 3, lines: 2, characters: 13 } },
        "result",
      );
      await cleanup();
      equal(coordinator.get("tools", "word_count"), undefined, "unmounted at cleanup");
    },
  },
  {
    name: "waits for top-level await and loads a map of several files",
    async run(harness) {
      const files = {
        "src/index.js": `import { greet } from "./lib/greet.js";
import { ToolResult } from "amplifier-core";
const table = await Promise.all([1, 2, 3].map(async (n) => n * 10));
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "probe", description: "d", execute: async () => ToolResult.ok(greet(table)) });
}`,
        "src/lib/greet.js": `import { sum } from "../../shared/sum.js"; export const greet = (list) => "sum " + sum(list);`,
        "shared/sum.js": "export const sum = (list) => list.reduce((a, b) => a + b, 0);",
      };
      const { coordinator, cleanup } = await mounted(harness, { files, entry: "src/index.js" });
      equal((await tool(coordinator).execute({})).output, "sum 60", "output");
      await cleanup();
    },
  },
  {
    name: "refuses imports it does not serve, by name, and reports syntax errors",
    async run(harness) {
      const coordinator = new ModuleCoordinator();
      harness.acceptEngineLeak(
        "refused-import",
        "QuickJS 0.32 leaks 8 bytes when its module loader reports a failure; the instance is dropped with them",
      );
      for (const [specifier, pattern] of [
        ["node:fs", /import of "node:fs".*refused.*"amplifier-core" and its own files/],
        ["https://evil.example/x.js", /import of "https:\/\/evil\.example\/x\.js".*refused/],
        ["./missing.js", /\/missing\.js is not one of this module's files/],
        ["amplifier-core:prelude", /import of "amplifier-core:prelude".*refused/],
      ] as const) {
        const error = await rejects(
          harness
            .module(`import x from ${JSON.stringify(specifier)}; export async function mount() {}`, {
              id: "refused-import",
            })
            .mount(coordinator, {}),
          specifier,
        );
        equal(error.code, "module_invalid", `${specifier} code`);
        matches(error.message, pattern, `${specifier} message`);
      }
      const syntax = await rejects(harness.module("export async function mount( {").mount(coordinator, {}), "syntax");
      equal(syntax.code, "module_invalid", "syntax error code");
      matches(syntax.message, /SyntaxError/, "syntax error message");
      const noMount = await rejects(harness.module("export const x = 1;").mount(coordinator, {}), "no mount");
      matches(noMount.message, /does not export a mount\(coordinator, config\) function/, "no mount message");
    },
  },
  {
    name: "gives the guest no host globals: no process, require, fetch, timers or WebAssembly",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        toolModule(`const probe = (name) => eval("typeof " + name);
          const names = ["process", "require", "fetch", "XMLHttpRequest", "setTimeout", "WebAssembly", "Deno", "Bun", "__amplifier_host_request", "window", "self", "importScripts"];
          const viaFunction = Function("return typeof this.process + ' ' + typeof this.fetch")();
          return ToolResult.ok({ types: Object.fromEntries(names.map((name) => [name, probe(name)])), viaFunction });`),
      );
      const output = (await tool(coordinator).execute({})).output as {
        types: Record<string, string>;
        viaFunction: string;
      };
      for (const [name, type] of Object.entries(output.types)) equal(type, "undefined", `typeof ${name}`);
      equal(output.viaFunction, "undefined undefined", "globals through Function()");
      await cleanup();
    },
  },
  {
    name: "the guest coordinator has the contract's names and says no clearly",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        `import { ToolResult, isKernelError } from "amplifier-core";
const seen = {};
const attempt = async (label, action) => {
  try { await action(); seen[label] = "ok"; } catch (error) { seen[label] = (error.code ?? "none") + ": " + error.message; }
};
export async function mount(coordinator, config) {
  const probe = { name: "probe", description: "d", execute: async () => ToolResult.ok(seen) };
  await coordinator.mount("tools", probe, { name: "probe" });
  seen.session = coordinator.session_id;
  seen.own = coordinator.get("tools", "probe") === probe;
  seen.cancelled = coordinator.cancellation.is_cancelled;
  await attempt("unknown", () => coordinator.mount("sessions", probe));
  await attempt("hooks", () => coordinator.mount("hooks", probe));
  await attempt("nameless", () => coordinator.mount("tools", { execute() {} }));
  await attempt("capability", () => coordinator.get_capability("session.working_dir"));
  await attempt("register", () => coordinator.register_capability("mine", 1));
  await attempt("unmount-other", () => coordinator.unmount("tools", "someone-else"));
  seen.isKernelError = isKernelError(await coordinator.mount("nope", {}).catch((error) => error), "unknown_mount_point");
}`,
      );
      const seen = (await tool(coordinator).execute({})).output as Record<string, unknown>;
      equal(seen.session, "sandbox-test", "session_id");
      equal(seen.own, true, "get() returns the module's own object");
      equal(seen.cancelled, false, "cancellation mirror");
      matches(seen.unknown, /^unknown_mount_point: Unknown mount point: sessions/, "unknown mount point");
      matches(seen.hooks, /^invalid_argument: Hooks should be registered directly with the HookRegistry/, "hooks");
      matches(seen.nameless, /^name_required: Name required for tools/, "name required");
      matches(
        seen.capability,
        /^capability_denied: capability_denied: get_capability\("session\.working_dir"\) is not/,
        "get_capability",
      );
      matches(seen.register, /^capability_denied:/, "register_capability");
      matches(
        seen["unmount-other"],
        /^capability_denied: .*may only unmount what it mounted/,
        "unmount of another module",
      );
      equal(seen.isKernelError, true, "isKernelError in the SDK");
      await cleanup();
    },
  },
  {
    name: "guest failures become data: a tool error, a provider error, a hook deny or skip",
    async run(harness) {
      const recorder = new EventRecorder();
      const { coordinator, cleanup } = await mounted(
        harness,
        `export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "probe", description: "d", async execute() { throw new TypeError("bad input"); } });
  await coordinator.mount("providers", { name: "broken", get_info: () => ({ id: "broken", display_name: "Broken" }),
    list_models: async () => [], complete: async () => { throw new Error("upstream down"); }, parse_tool_calls: () => [] });
  coordinator.hooks.register("tool:pre", async () => { throw new Error("hook exploded"); });
}`,
        { sandbox: { permissions: { hooks: ["tool:pre"] } } },
      );
      const result = await tool(coordinator).execute({});
      equal(result.success, false, "tool success");
      matches(result.error?.message, /probe failed in its sandbox: .*TypeError|bad input/, "tool error");
      const provider = coordinator.get("providers", "broken");
      const providerError = await rejects(
        provider!.complete({ messages: [{ role: "user", content: "hi" }] }),
        "complete",
      );
      equal(providerError.code, "provider_failed", "provider error code");
      matches(providerError.message, /upstream down/, "provider error message");
      const denied = await coordinator.hooks.emit("tool:pre", { tool_name: "x" });
      equal(denied.action, "deny", "a failing hook fails closed");
      matches(denied.reason, /hook exploded/, "deny reason");
      await cleanup();

      const skipping = await mounted(
        harness,
        `export async function mount(coordinator) { coordinator.hooks.register("tool:pre", async () => { throw new Error("hook exploded"); }); }`,
        { hookFailure: "skip", kind: "hook" },
      );
      recorder.attach(skipping.coordinator.hooks, ["tool:pre"]);
      equal((await skipping.coordinator.hooks.emit("tool:pre", {})).action, "continue", "skip policy continues");
      await skipping.cleanup();
      ok(true, "done");
    },
  },
];
