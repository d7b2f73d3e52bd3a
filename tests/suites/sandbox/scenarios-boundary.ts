/**
 * The boundary: only JSON data crosses, dangerous keys are dropped, what cannot cross is refused
 * with the path named, and messages are size-capped in both directions.
 */
import { equal, matches, ok } from "./check.ts";
import type { SandboxScenario } from "./environment.ts";
import { mounted, tool, toolModule } from "./scenarios-engine.ts";

export const boundaryScenarios: SandboxScenario[] = [
  {
    name: "drops __proto__, constructor and prototype keys on the way out",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        toolModule(`const nested = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1, "kept": "yes"}');
          return ToolResult.ok({ nested, list: [nested], plain: 1 });`),
      );
      const result = await tool(coordinator).execute({});
      equal(result.output, { nested: { kept: "yes" }, list: [{ kept: "yes" }], plain: 1 }, "output");
      equal(({} as Record<string, unknown>).polluted, undefined, "the host's Object.prototype");
      await cleanup();
    },
  },
  {
    name: "refuses cycles, BigInt, functions and symbols, naming where they are",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        toolModule(`const cyclic = { name: "loop" }; cyclic.self = cyclic;
          const values = { cycle: cyclic, big: { amount: 10n }, fn: { run() {} }, symbol: [Symbol("s")] };
          return ToolResult.ok(values[input.kind]);`),
      );
      const probe = tool(coordinator);
      for (const [kind, pattern] of [
        ["cycle", /\.output\.self: a cycle cannot cross the sandbox boundary/],
        ["big", /\.output\.amount: a BigInt cannot cross the sandbox boundary/],
        ["fn", /\.output\.run: a function cannot cross the sandbox boundary/],
        ["symbol", /\.output\[0\]: a symbol cannot cross the sandbox boundary/],
      ] as const) {
        const result = await probe.execute({ kind });
        equal(result.success, false, `${kind} fails`);
        matches(result.error?.message, pattern, `${kind} message`);
      }
      equal((await probe.execute({ kind: "none" })).success, true, "the module keeps working");
      await cleanup();
    },
  },
  {
    name: "refuses values nested deeper than the boundary's limit, whatever their keys are called",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        toolModule(`let value = 1;
          for (let level = 0; level < input.depth; level += 1) value = input.key === null ? [value] : { [input.key]: value };
          return ToolResult.ok(value);`),
      );
      const probe = tool(coordinator);
      for (const key of ["k", "", null]) {
        const deep = await probe.execute({ depth: 600, key });
        equal(deep.success, false, `600 levels under ${JSON.stringify(key)} fail`);
        matches(
          deep.error?.message,
          /nested deeper than 512 levels, the boundary's limit/,
          `${JSON.stringify(key)} message`,
        );
        equal((await probe.execute({ depth: 100, key })).success, true, `100 levels under ${JSON.stringify(key)} pass`);
      }
      await cleanup();
    },
  },
  {
    name: "a message from the host over max_message_bytes fails the call without killing the module",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        toolModule("return ToolResult.ok(String(input.text).length);"),
        { sandbox: { max_message_bytes: 4096 } },
      );
      const probe = tool(coordinator);
      const tooBig = await probe.execute({ text: "x".repeat(10_000) });
      equal(tooBig.success, false, "oversized input fails");
      matches(tooBig.error?.message, /larger than the 4096-byte message limit/, "message");
      equal(tooBig.error?.code, "sandbox_payload", "code");
      equal((await probe.execute({ text: "small" })).output, 5, "the same module still answers");
      await cleanup();
    },
  },
  {
    name: "counts the exact UTF-8 size of what comes out, not its length in characters",
    async run(harness) {
      const { coordinator, cleanup } = await mounted(
        harness,
        toolModule('return ToolResult.ok("é".repeat(input.count));'),
        { sandbox: { max_message_bytes: 2048, restarts: 1 } },
      );
      const probe = tool(coordinator);
      equal((await probe.execute({ count: 900 })).success, true, "1,800 bytes pass");
      const over = await probe.execute({ count: 1500 });
      equal(over.success, false, "3,000 bytes (1,500 characters) are refused");
      equal(over.error?.code, "sandbox_payload", "code");
      ok(true, "done");
      await cleanup();
    },
  },
];
