/**
 * Abuse: each misbehaviour is stopped within its limit, reported as `sandbox:killed` with the
 * right reason, fails the call as data, and leaves the session and a second sandboxed module
 * working. The module itself is restarted on its next call while the policy allows.
 */
import { SANDBOX_KILLED, SANDBOX_RESTARTED } from "../../../src/hooks/events.ts";
import { ModuleCoordinator } from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { equal, matches, ok, rejects } from "./check.ts";
import type { SandboxHarness, SandboxScenario } from "./environment.ts";
import { mounted, tool, toolModule } from "./scenarios-engine.ts";

type KillReason = "timeout" | "memory" | "crash";

/**
 * Only the limit under test may trip: on a busy machine a module's start, or filling 32 MiB, can
 * take longer than the 1 s default, so every test of another limit (and the witness) sets the time
 * limit out of reach.
 */
const TIME_OUT_OF_REACH = { timeout_ms: 60_000 };
const MEMORY_BOMB_LIMITS = { memory_mb: 32, ...TIME_OUT_OF_REACH };

/** Mounts an abusive tool (a tool body, or a whole module) next to a witness (the word-count example). */
async function arena(harness: SandboxHarness, body: string, sandbox = {}, now?: () => number) {
  const source = body.startsWith("import ") ? body : toolModule(body);
  const coordinator = new ModuleCoordinator({ sessionId: "abuse" });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks, [SANDBOX_KILLED, SANDBOX_RESTARTED]);
  const abuser = await mounted(harness, source, { id: "tool-abuser", sandbox, ...(now ? { now } : {}) }, coordinator);
  const witness = await mounted(
    harness,
    harness.example("tool-word-count"),
    { id: "tool-witness", sandbox: TIME_OUT_OF_REACH },
    coordinator,
  );
  return { coordinator, recorder, abuser, witness };
}

/** Runs the abusive call and checks the kill, the event and that everything else still works. */
async function expectKilled(
  harness: SandboxHarness,
  body: string,
  reason: KillReason,
  sandbox: Record<string, unknown> = {},
  now?: () => number,
): Promise<void> {
  const { coordinator, recorder, abuser, witness } = await arena(harness, body, sandbox, now);
  const result = await tool(coordinator).execute({ mode: "abuse" });
  equal(result.success, false, `${reason}: the call fails as data`);
  equal(result.error?.code, `sandbox_${reason}`, `${reason}: error code`);
  const killed = recorder.get_events(SANDBOX_KILLED);
  equal(killed.length, 1, `${reason}: one sandbox:killed event`);
  equal(killed[0]?.data.reason, reason, `${reason}: event reason`);
  equal(killed[0]?.data.module, "tool-abuser", `${reason}: event module`);
  const counted = await tool(coordinator, "word_count").execute({ text: "still here" });
  equal(counted.output, { words: 2, lines: 1, characters: 10 }, `${reason}: the second module keeps working`);
  const restarted = await tool(coordinator).execute({ mode: "calm" });
  equal(restarted, { success: true, output: "calm" }, `${reason}: the module restarts on its next call`);
  equal(recorder.get_events(SANDBOX_RESTARTED).length, 1, `${reason}: one sandbox:restarted event`);
  await abuser.cleanup();
  await witness.cleanup();
}

/**
 * Runs a call that breaks a limit the engine enforces inside the guest (a stack overflow, a value
 * over the message limit): the call fails with the limit's code, nothing is killed (a guest could
 * claim such an error itself, so it never kills), and the module answers its next call as it is.
 */
async function expectRefused(harness: SandboxHarness, body: string, code: string): Promise<void> {
  const { coordinator, recorder, abuser, witness } = await arena(harness, body, TIME_OUT_OF_REACH);
  const result = await tool(coordinator).execute({ mode: "abuse" });
  equal(result.success, false, `${code}: the call fails as data`);
  equal(result.error?.code, code, `${code}: error code`);
  equal(recorder.get_events(SANDBOX_KILLED).length, 0, `${code}: nothing is killed`);
  const counted = await tool(coordinator, "word_count").execute({ text: "still here" });
  equal(counted.output, { words: 2, lines: 1, characters: 10 }, `${code}: the second module keeps working`);
  equal(
    await tool(coordinator).execute({ mode: "calm" }),
    { success: true, output: "calm" },
    `${code}: the module answers`,
  );
  equal(recorder.get_events(SANDBOX_RESTARTED).length, 0, `${code}: no restart was needed`);
  await abuser.cleanup();
  await witness.cleanup();
}

const calm = 'if (input.mode === "calm") return ToolResult.ok("calm");';
// Time limits stay well above what loading and mounting a module takes on a busy machine: the
// limit covers every guest section of a call, including the module's own start.

export const abuseScenarios: SandboxScenario[] = [
  {
    name: "a synchronous infinite loop is stopped by the deadline (timeout)",
    run: (harness) => expectKilled(harness, `${calm} while (true) {}`, "timeout", { timeout_ms: 300 }),
  },
  {
    name: "with a frozen clock (deployed Workers) the poll budget still stops the loop (timeout)",
    run: (harness) => expectKilled(harness, `${calm} for (;;) {}`, "timeout", { timeout_ms: 20 }, () => 0),
  },
  {
    name: "an asynchronous promise-chain loop is stopped (timeout)",
    run: (harness) =>
      expectKilled(harness, `${calm} for (;;) { await null; await Promise.resolve(1); }`, "timeout", {
        timeout_ms: 300,
      }),
  },
  {
    name: "memory bomb: typed arrays kept alive (memory)",
    releaseOnly: true,
    run: (harness) =>
      expectKilled(
        harness,
        `${calm} const kept = []; for (;;) kept.push(new Float64Array(1e5));`,
        "memory",
        MEMORY_BOMB_LIMITS,
      ),
  },
  {
    name: "memory bomb: filled arrays (memory)",
    releaseOnly: true,
    run: (harness) =>
      expectKilled(
        harness,
        `${calm} const kept = []; for (;;) kept.push(new Array(1e5).fill(1));`,
        "memory",
        MEMORY_BOMB_LIMITS,
      ),
  },
  {
    name: "memory bomb: distinct strings (memory)",
    releaseOnly: true,
    run: (harness) =>
      expectKilled(
        harness,
        `${calm} const kept = []; for (;;) kept.push("x".repeat(1e6) + Math.random());`,
        "memory",
        MEMORY_BOMB_LIMITS,
      ),
  },
  {
    name: "memory bomb: many small objects (memory)",
    releaseOnly: true,
    run: (harness) =>
      expectKilled(
        harness,
        `${calm} const kept = []; for (let i = 0; ; i++) kept.push({ i, s: "item" + i, o: { i } });`,
        "memory",
        MEMORY_BOMB_LIMITS,
      ),
  },
  {
    name: "unbounded recursion is stopped by the stack limit: the call fails with sandbox_stack, the module lives on",
    run: (harness) =>
      expectRefused(harness, `${calm} const down = (n) => down(n + 1) + 1; return down(0);`, "sandbox_stack"),
  },
  {
    name: "a 100 MiB return value is refused at the message limit before it is built (sandbox_payload)",
    run: (harness) =>
      expectRefused(
        harness,
        `${calm} const mib = "x".repeat(1 << 20); return ToolResult.ok(new Array(100).fill(mib));`,
        "sandbox_payload",
      ),
  },
  {
    name: "a 2 MiB argument to a coordinator call is refused before it crosses (sandbox_payload)",
    run: (harness) =>
      expectRefused(
        harness,
        `import { ToolResult } from "amplifier-core";
let hooks;
export async function mount(coordinator) {
  hooks = coordinator.hooks;
  await coordinator.mount("tools", { name: "probe", description: "d", async execute(input) {
    ${calm}
    await hooks.emit("big:event", { blob: "x".repeat(2 << 20) });
    return ToolResult.ok("sent");
  } });
}`,
        "sandbox_payload",
      ),
  },
  {
    name: "mount() that never resolves fails the mount (timeout) and the session goes on",
    async run(harness) {
      const coordinator = new ModuleCoordinator();
      const recorder = new EventRecorder();
      recorder.attach(coordinator.hooks, [SANDBOX_KILLED]);
      const error = await rejects(
        harness
          .module("export async function mount() { await new Promise(() => {}); }", { id: "tool-stuck" })
          .mount(coordinator, {}),
        "stuck mount",
      );
      equal(error.code, "sandbox_timeout", "code");
      matches(error.message, /mount\(\) never settles/, "message");
      equal(recorder.get_events(SANDBOX_KILLED)[0]?.data.reason, "timeout", "event reason");
      const witness = await mounted(harness, harness.example("tool-word-count"), {}, coordinator);
      equal(
        (await tool(coordinator, "word_count").execute({ text: "a" })).success,
        true,
        "a later module mounts and runs",
      );
      await witness.cleanup();
    },
  },
  {
    name: "restarts stop at the policy's limit, then calls fail with sandbox_killed",
    async run(harness) {
      const { coordinator, recorder, abuser, witness } = await arena(harness, `${calm} while (true) {}`, {
        timeout_ms: 300,
        restarts: 1,
      });
      const probe = tool(coordinator);
      equal((await probe.execute({ mode: "abuse" })).error?.code, "sandbox_timeout", "first kill");
      equal((await probe.execute({ mode: "abuse" })).error?.code, "sandbox_timeout", "second kill, after one restart");
      const exhausted = await probe.execute({ mode: "calm" });
      equal(exhausted.error?.code, "sandbox_killed", "no restarts left");
      matches(exhausted.error?.message, /used all 1 restarts allowed/, "message");
      equal(
        recorder.get_events(SANDBOX_KILLED).map((event) => event.data.restarts_left),
        [1, 0],
        "restarts left reported with each kill",
      );
      equal((await tool(coordinator, "word_count").execute({ text: "a b" })).success, true, "the witness still works");
      await abuser.cleanup();
      await witness.cleanup();
    },
  },
  {
    name: "flooding the coordinator past max_pending_jobs is refused inside the guest, not fatal",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        `import { ToolResult } from "amplifier-core";
let hooks;
export async function mount(coordinator) {
  hooks = coordinator.hooks;
  await coordinator.mount("tools", { name: "probe", description: "d", async execute() {
    const settled = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => hooks.emit("flood:test", { i })));
    return ToolResult.ok({
      fulfilled: settled.filter((s) => s.status === "fulfilled").length,
      refused: settled.filter((s) => s.status === "rejected").map((s) => s.reason.code)[0],
    });
  } });
}`,
        { sandbox: { max_pending_jobs: 5 } },
      );
      const output = (await tool(coordinator).execute({})).output as { fulfilled: number; refused: string };
      equal(output.fulfilled, 5, "calls within the cap");
      equal(output.refused, "sandbox_busy", "calls over the cap are refused with their own code");
      equal((await tool(coordinator).execute({})).success, true, "the module keeps working");
      await cleanup();
    },
  },
  {
    name: "a module that mounts more than max_mounts fails its mount",
    async run(harness) {
      const error = await rejects(
        harness
          .module(
            `export async function mount(coordinator) {
  for (let i = 0; i < 10; i++) coordinator.hooks.register("tool:pre", async () => undefined);
}`,
            { kind: "hook", sandbox: { max_mounts: 4 } },
          )
          .mount(new ModuleCoordinator(), {}),
        "too many mounts",
      );
      equal(error.code, "mount_failed", "code");
      matches(error.message, /limit of 4 mounts and hook registrations/, "message");
      ok(true, "done");
    },
  },
];
