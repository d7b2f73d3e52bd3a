/**
 * The scenarios the QuickJS debug build runs. The debug build (LeakSanitizer, object-leak checks)
 * is about ten times slower than the release build, and every scenario already runs on the release
 * build in node, Chromium and workerd; what the debug build adds is the leak check, so it runs one
 * or two scenarios for each way a sandbox is built, used and torn down: every module kind, a call
 * that fails as data, refusals at the boundary (a bad value, stack, payload), the kills that do not
 * need a long wall clock (timeout by poll budget, a mount that never settles), and a streaming
 * session, and modules in spare instances. Memory bombs cannot run on it at all (see `SandboxScenario.releaseOnly`).
 */
import type { SandboxScenario } from "./environment.ts";

/** Scenario names by group; a name that matches no scenario is an error, so the subset cannot rot. */
export const DEBUG_BUILD_SUBSET: Readonly<Record<string, readonly string[]>> = {
  engine: ["guest failures become data: a tool error, a provider error, a hook deny or skip"],
  "coordinator contract": [
    "register_contributor: the kernel collects what the guest contributes",
    "the guest sees the session's cancellation state, and an aborted call returns at once",
  ],
  boundary: [
    "refuses cycles, BigInt, functions and symbols, naming where they are",
    "a message from the host over max_message_bytes fails the call without killing the module",
  ],
  abuse: [
    "with a frozen clock (deployed Workers) the poll budget still stops the loop (timeout)",
    "unbounded recursion is stopped by the stack limit: the call fails with sandbox_stack, the module lives on",
    "a 2 MiB argument to a coordinator call is refused before it crosses (sandbox_payload)",
    "mount() that never resolves fails the mount (timeout) and the session goes on",
  ],
  "module kinds": [
    "tool: the sandboxed tool-word-count behaves like its trusted twin and validates",
    "provider: the sandboxed provider-echo behaves like its trusted twin and validates",
    "hook: the sandboxed hooks-guard behaves like its trusted twin and validates",
    "orchestrator: the sandboxed loop-simple behaves like its trusted twin and validates",
    "context: the sandboxed context-window behaves like its trusted twin and validates",
  ],
  sessions: ["a sandboxed provider's stream() reaches loop-streaming one validated delta at a time"],
  "spare instances": ["a module in a spare sees nothing another module did or was granted, before or after it stopped"],
};

/**
 * The debug build's scenarios, grouped like `groups`.
 *
 * @throws Error naming a subset entry that matches no group or scenario, or one that is release-only.
 */
export function debugBuildScenarioGroups(
  groups: Readonly<Record<string, readonly SandboxScenario[]>>,
): Record<string, SandboxScenario[]> {
  const selected: Record<string, SandboxScenario[]> = {};
  for (const [group, names] of Object.entries(DEBUG_BUILD_SUBSET)) {
    const scenarios = groups[group];
    if (!scenarios) throw new Error(`debug-build subset: no scenario group "${group}"`);
    selected[group] = names.map((name) => {
      const scenario = scenarios.find((candidate) => candidate.name === name);
      if (!scenario) throw new Error(`debug-build subset: no scenario "${group} / ${name}"`);
      if (scenario.releaseOnly) throw new Error(`debug-build subset: "${group} / ${name}" is release-only`);
      return scenario;
    });
  }
  return selected;
}
