/**
 * Property-based fuzzing of the boundary with fast-check. Each property says what must hold for
 * any input: nothing throws past the kernel except a KernelError with a code and a message that
 * names the problem, values cross as JSON would carry them, and the sandbox keeps working.
 */
import fc from "fast-check";
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { CapabilityGate } from "../../../sandbox/kernel/capabilities/capability-gate.ts";
import { NO_PERMISSIONS } from "../../../sandbox/kernel/capabilities/permissions.ts";
import { KernelPort } from "../../../sandbox/kernel/kernel-port.ts";
import { resolveSandboxLimits } from "../../../sandbox/kernel/limits.ts";
import type { GuestRequest } from "../../../sandbox/protocol.ts";
import {
  createSession,
  hookResultSchema,
  KernelError,
  ModuleCoordinator,
  type ModuleDefinition,
  parsePlan,
  validateMountPlan,
} from "../../../src/index.ts";
import { builtinModules } from "../../../src/modules/index.ts";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import { asJson, hasRefusedLeaf, hookResultish, jsonish, planish, recipe, responseish } from "./fuzz-arbitraries.ts";
import { openFuzzSandbox } from "./fuzz-sandbox.ts";

/** Where the properties run. */
export interface FuzzEnvironment {
  readonly wasmModule: WebAssembly.Module;
  readonly variant?: QuickJSSyncVariant | undefined;
}

/** One property: its name, how many runs the test suite gives it, and how to run it. */
export interface FuzzProperty {
  readonly name: string;
  readonly runs: number;
  run(environment: FuzzEnvironment, runs: number, seed?: number): Promise<void>;
}

/** Fails unless `error` is a KernelError with one of `codes` and a message. */
function expectKernelError(error: unknown, codes: readonly string[], what: string): void {
  if (!KernelError.is(error)) throw new Error(`${what} threw something other than a KernelError: ${String(error)}`);
  if (!codes.includes(error.code)) throw new Error(`${what} failed with ${error.code}: ${error.message}`);
  if (error.message.length < 10) throw new Error(`${what} failed without a useful message: "${error.message}"`);
}

const same = (left: unknown, right: unknown) => JSON.stringify(left) === JSON.stringify(right);

const options = (runs: number, seed: number | undefined) => ({
  numRuns: runs,
  ...(seed === undefined ? {} : { seed }),
});

const echoRoundTrip: FuzzProperty = {
  name: "JSON-ish values cross host → guest → host exactly as JSON carries them",
  runs: 3_000,
  async run(environment, runs, seed) {
    const sandbox = await openFuzzSandbox(environment.wasmModule, environment.variant);
    try {
      await fc.assert(
        fc.asyncProperty(jsonish, async (value) => {
          const result = await sandbox.echo.execute({ value });
          if (!result.success) throw new Error(`echo failed: ${JSON.stringify(result.error)}`);
          if (!same(result.output, asJson(value))) {
            throw new Error(
              `echo changed the value: sent ${JSON.stringify(asJson(value))}, got ${JSON.stringify(result.output)}`,
            );
          }
        }),
        options(runs, seed),
      );
    } finally {
      await sandbox[Symbol.asyncDispose]();
    }
    // Checked after the last instance was disposed: with the debug build, a leak shows here.
    const { created, disposed } = sandbox.instances;
    if (disposed === 0 || created !== disposed) throw new Error(`${created} instances created, ${disposed} disposed`);
    if (sandbox.disposeProblems.length > 0) throw new Error(sandbox.disposeProblems.join("; "));
  },
};

const guestBuiltValues: FuzzProperty = {
  name: "values a guest builds (BigInt, functions, symbols, cycles, throwing getters) are refused with a clear error",
  runs: 2_000,
  async run(environment, runs, seed) {
    await using sandbox = await openFuzzSandbox(environment.wasmModule, environment.variant);
    await fc.assert(
      fc.asyncProperty(recipe, async (node) => {
        const result = await sandbox.build.execute({ recipe: node });
        const refused = hasRefusedLeaf(node);
        if (result.success === refused) {
          throw new Error(
            `build ${refused ? "accepted" : "refused"} ${JSON.stringify(node)}: ${JSON.stringify(result)}`,
          );
        }
        if (!result.success) {
          const code = result.error?.code ?? "";
          if (
            !["invalid_result", "execution_failed"].includes(code) ||
            !/cannot cross|getter threw/.test(result.error?.message ?? "")
          ) {
            throw new Error(`unclear refusal: ${JSON.stringify(result.error)}`);
          }
        }
      }),
      options(runs, seed),
    );
    const after = await sandbox.echo.execute({ value: "still working" });
    if (after.output !== "still working") throw new Error(`the module stopped working: ${JSON.stringify(after)}`);
  },
};

const ACTIONS = new Set(["continue", "deny", "modify", "inject_context", "ask_user"]);

const sandboxedHookResults: FuzzProperty = {
  name: "any hook result a sandboxed hook returns becomes a valid HookResult (invalid ones deny)",
  runs: 2_000,
  async run(environment, runs, seed) {
    await using sandbox = await openFuzzSandbox(environment.wasmModule, environment.variant);
    await fc.assert(
      fc.asyncProperty(hookResultish, async (result) => {
        const emitted = await sandbox.coordinator.hooks.emit("fuzz:event", { result });
        const parsed = hookResultSchema.safeParse(emitted);
        if (!parsed.success || !ACTIONS.has(parsed.data.action)) {
          throw new Error(`emit returned an invalid HookResult: ${JSON.stringify(emitted)}`);
        }
        const given = asJson(result);
        const valid = given === null || hookResultSchema.safeParse(given).success;
        if (!valid && parsed.data.action !== "deny") {
          throw new Error(`an invalid hook result ${JSON.stringify(given)} became ${parsed.data.action}`);
        }
      }),
      options(runs, seed),
    );
  },
};

const processedHookResults: FuzzProperty = {
  name: "process_hook_result on any input resolves to a valid HookResult or fails with invalid_result",
  runs: 3_000,
  async run(_environment, runs, seed) {
    const answers = ["Allow", "Deny", "allow always", "", "maybe"];
    let asked = 0;
    const coordinator = new ModuleCoordinator({
      sessionId: "fuzz",
      config: { session: { injection_size_limit: 2_000 } },
      approvalSystem: { request_approval: async () => answers[asked++ % answers.length] ?? "Deny" },
    });
    await fc.assert(
      fc.asyncProperty(hookResultish, async (result) => {
        try {
          const processed = await coordinator.process_hook_result(result as never, "tool:pre", "fuzz");
          if (!hookResultSchema.safeParse(processed).success) throw new Error(`invalid: ${JSON.stringify(processed)}`);
        } catch (error) {
          expectKernelError(error, ["invalid_result"], "process_hook_result");
        }
      }),
      options(runs, seed),
    );
  },
};

const mountPlans: FuzzProperty = {
  name: "any mount plan parses, or is refused as invalid_plan naming where; validation never throws",
  runs: 4_000,
  async run(_environment, runs, seed) {
    await fc.assert(
      fc.property(fc.oneof(planish, fc.string({ maxLength: 200 })), (plan) => {
        try {
          parsePlan(plan as never, { missingEnv: "keep" });
        } catch (error) {
          expectKernelError(error, ["invalid_plan"], "parsePlan");
        }
        validateMountPlan(plan, { modules: builtinModules });
      }),
      options(runs, seed),
    );
  },
};

const providerResponses: FuzzProperty = {
  name: "any provider response ends the turn with an answer or a KernelError, history paired",
  runs: 600,
  async run(_environment, runs, seed) {
    await fc.assert(
      fc.asyncProperty(fc.array(responseish, { minLength: 1, maxLength: 3 }), async (responses) => {
        let index = 0;
        const provider = {
          name: "fuzz",
          get_info: () => ({ id: "fuzz", display_name: "Fuzz" }),
          list_models: async () => [],
          complete: async () => responses[Math.min(index++, responses.length - 1)] as never,
          parse_tool_calls: (response: { tool_calls?: unknown }) =>
            (Array.isArray(response?.tool_calls) ? response.tool_calls : []) as never,
        };
        const fuzzProvider: ModuleDefinition = {
          id: "provider-fuzz",
          type: "provider",
          mount: async (coordinator) => {
            await coordinator.mount("providers", provider as never, { name: "fuzz" });
          },
        };
        const session = createSession(
          {
            session: {
              orchestrator: { module: "loop-basic", config: { max_iterations: 3 } },
              context: "context-simple",
            },
            providers: [{ module: "provider-fuzz" }],
            tools: [{ module: "tool-calculator" }],
          },
          { modules: { ...builtinModules, "provider-fuzz": fuzzProvider } },
        );
        await session.initialize();
        try {
          await session.execute("go");
        } catch (error) {
          if (!KernelError.is(error)) throw new Error(`the turn threw a non-KernelError: ${String(error)}`);
        }
        const messages = (await session.coordinator.get("context")?.get_messages()) ?? [];
        const problems = findToolPairingProblems(messages);
        await session.cleanup();
        if (problems.length > 0) throw new Error(`tool-call pairing broken: ${JSON.stringify(problems)}`);
      }),
      options(runs, seed),
    );
  },
};

const GUEST_OPS = [
  "mount",
  "unmount",
  "hooks.register",
  "hooks.unregister",
  "hooks.emit",
  "hooks.emit_and_collect",
  "register_contributor",
  "capability",
  "process_hook_result",
  "call",
];

const guestRequests: FuzzProperty = {
  name: "any request a guest sends the kernel is answered as data (ok, or an error with a code)",
  runs: 2_000,
  async run(_environment, runs, seed) {
    const coordinator = new ModuleCoordinator({ sessionId: "fuzz" });
    const limits = resolveSandboxLimits({});
    const gate = new CapabilityGate({
      moduleId: "tool-fuzz",
      coordinator,
      permissions: NO_PERMISSIONS,
      host: {},
      maxMessageBytes: limits.maxMessageBytes,
    });
    const port = new KernelPort({
      moduleId: "tool-fuzz",
      coordinator,
      limits,
      kind: "tool",
      hookFailure: "deny",
      gate,
      permissions: NO_PERMISSIONS,
    });
    const request = fc.oneof(
      fc
        .record({ op: fc.constantFrom(...GUEST_OPS) })
        .chain((base) =>
          fc
            .dictionary(fc.string({ maxLength: 12 }), jsonish, { maxKeys: 6 })
            .map((fields) => ({ ...fields, ...base })),
        ),
      jsonish,
    );
    await fc.assert(
      fc.asyncProperty(request, async (raw) => {
        const reply = await port.request(raw as GuestRequest);
        if (reply.ok) return;
        if (typeof reply.error.code !== "string" || reply.error.message.length < 5) {
          throw new Error(`an unclear refusal of ${JSON.stringify(raw)}: ${JSON.stringify(reply)}`);
        }
      }),
      options(runs, seed),
    );
    await port.withdraw();
  },
};

/** Every property, in the order they run. */
export const FUZZ_PROPERTIES: readonly FuzzProperty[] = [
  echoRoundTrip,
  guestBuiltValues,
  sandboxedHookResults,
  processedHookResults,
  mountPlans,
  providerResponses,
  guestRequests,
];

/** The property the debug build runs to check that the boundary leaks nothing. */
export const LEAK_PROPERTY: FuzzProperty = echoRoundTrip;
