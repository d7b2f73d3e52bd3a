/** The registry of built-ins: every module validates, and plans run end to end through createSession. */
import { describe, expect, it } from "vitest";
import { builtinModules, createHooksLogging } from "../../../src/modules/index.ts";
import { createSession } from "../../../src/session.ts";
import { createMemoryStore } from "../../../src/storage/index.ts";
import { EventRecorder, findToolPairingProblems } from "../../../src/testing/index.ts";
import { validateModule } from "../../../src/validation/index.ts";

/** The real providers, registered by the lead and tested by their own suites. */
const PROVIDER_IDS = ["provider-anthropic", "provider-openai", "provider-workers-ai"];

/** Built-ins that need a server to mount, tested by their own suites (tests/suites/mcp). */
const SERVER_IDS = ["tool-mcp"];

/** The modules of this folder. */
const EXPECTED_IDS = [
  "loop-basic",
  "loop-streaming",
  "context-simple",
  "context-persistent",
  "provider-mock",
  "tool-calculator",
  "tool-web",
  "tool-filesystem",
  "tool-task",
  "hooks-logging",
  "hooks-otel",
  "hooks-approval",
  "hooks-redaction",
];

const offlinePlan = (orchestrator: string, context = "context-simple") => ({
  session: { orchestrator, context },
  providers: [{ module: "provider-mock" }],
  tools: [
    { module: "tool-calculator" },
    { module: "tool-filesystem" },
    { module: "tool-web" },
    { module: "tool-task" },
  ],
  hooks: [{ module: "hooks-redaction" }],
});

/** Registers the registry tests. */
export function registerRegistrySuite(): void {
  describe("builtinModules", () => {
    it("registers every built-in under its id", () => {
      expect(Object.keys(builtinModules).sort()).toEqual([...EXPECTED_IDS, ...PROVIDER_IDS, ...SERVER_IDS].sort());
      for (const [id, module] of Object.entries(builtinModules)) expect(module.id).toBe(id);
    });

    it.each(EXPECTED_IDS.filter((id) => id !== "context-persistent"))("%s passes validateModule", async (id) => {
      // hooks-logging is validated with a silent sink (its default sink is the console).
      const module = id === "hooks-logging" ? createHooksLogging({ sink: () => {} }) : builtinModules[id]!;
      const result = await validateModule(module);
      expect(result.checks.filter((check) => !check.passed && check.severity === "error")).toEqual([]);
      expect(result.passed).toBe(true);
    });

    it("context-persistent fails validation without a store, saying why", async () => {
      const result = await validateModule(builtinModules["context-persistent"]!);
      expect(result.passed).toBe(false);
      expect(JSON.stringify(result.checks)).toContain("no MessageStore");
    });

    it.each(["loop-basic", "loop-streaming"])(
      "a plan with %s answers an arithmetic question offline",
      async (orchestrator) => {
        const session = createSession(offlinePlan(orchestrator), { modules: builtinModules, sessionId: "offline" });
        const recorder = new EventRecorder();
        await session.initialize();
        recorder.attach(session.coordinator.hooks);
        expect(await session.execute("What is 6 * 7?")).toBe("The answer is 42.");
        expect(await session.execute("hello")).toBe("You said: hello");
        const names = recorder.names();
        expect(names.filter((name) => name === "execution:start")).toHaveLength(2);
        expect(names.filter((name) => name === "execution:end")).toHaveLength(2);
        expect(session.status().failedModules).toEqual([]);
        await session.cleanup();
      },
    );

    it("a plan with context-persistent keeps the turn in the session's store", async () => {
      const store = createMemoryStore();
      const session = createSession(offlinePlan("loop-basic", "context-persistent"), {
        modules: builtinModules,
        sessionId: "stored-1",
        store,
      });
      expect(await session.execute("What is 2 + 3?")).toBe("The answer is 5.");
      await session.cleanup();
      const messages = (await store.load("stored-1")).map((record) => record.message);
      expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
      expect(findToolPairingProblems(messages)).toEqual([]);
      const resumed = createSession(offlinePlan("loop-basic", "context-persistent"), {
        modules: builtinModules,
        sessionId: "stored-1",
        store,
        resumed: true,
      });
      expect(await resumed.execute("What is 10 - 4?")).toBe("The answer is 6.");
      expect((await store.load("stored-1")).length).toBe(8);
      await resumed.cleanup();
    });

    it("a bad module config fails loudly with the module and the path", async () => {
      const session = createSession(
        { ...offlinePlan("loop-basic"), tools: [{ module: "tool-web", config: { timeout: "soon" } }] },
        { modules: builtinModules },
      );
      await session.initialize();
      const failed = session.status().failedModules;
      expect(failed).toHaveLength(1);
      expect(JSON.stringify(failed[0])).toContain("config.timeout");
      await session.cleanup();
    });
  });
}
