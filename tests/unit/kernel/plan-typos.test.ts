/**
 * What a person who mistyped a plan reads: the name they most likely meant, and a YAML error at
 * the line that is wrong.
 */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { closestName, editDistance } from "../../../src/plan/did-you-mean.ts";
import { parsePlan } from "../../../src/plan/parse.ts";
import { validateMountPlan } from "../../../src/validation/plan.ts";

function planError(text: string): KernelError {
  try {
    parsePlan(text, { format: "yaml" });
  } catch (error) {
    if (KernelError.is(error, "invalid_plan")) return error;
    throw error;
  }
  throw new Error("the plan parsed");
}

describe("did you mean", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("provdier", "provider")).toBe(1);
    expect(editDistance("tool-calculater", "tool-calculator")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests the one clearly closest name, and nothing when two are as close or none is close", () => {
    expect(closestName("tool-calculater", ["tool-calculator", "tool-web", "tool-task"])).toBe("tool-calculator");
    expect(closestName("provider", ["providers", "tools", "hooks"])).toBe("providers");
    expect(closestName("Tools", ["tools"])).toBe("tools");
    expect(closestName("tool-b", ["tool-a", "tool-c"])).toBeUndefined();
    expect(closestName("weather", ["tool-calculator", "tool-web"])).toBeUndefined();
  });
});

describe("plan typos", () => {
  it("names the unknown section and session key beside the one it most likely meant", () => {
    const validation = validateMountPlan({
      session: { orchestrator: "loop-basic", context: "context-simple", metdata: {} },
      provider: [{ module: "provider-mock" }],
    });
    expect(validation.warnings.map((check) => check.message)).toEqual([
      'unknown section "provider" (ignored by the kernel; did you mean "providers"?)',
      'session.metdata: unknown key (kept for the application, ignored by the kernel; did you mean "metadata"?)',
    ]);
  });

  it("suggests the built-in module, and lists the built-ins of that kind", () => {
    const validation = validateMountPlan(
      { session: { orchestrator: "loop-basic", context: "context-simple" }, tools: [{ module: "tool-calculater" }] },
      {
        modules: [
          { id: "tool-calculator", type: "tool", mount: async () => undefined },
          { id: "tool-web", type: "tool", mount: async () => undefined },
          { id: "loop-basic", type: "orchestrator", mount: async () => undefined },
          { id: "context-simple", type: "context", mount: async () => undefined },
        ],
      },
    );
    expect(validation.errors.map((check) => check.message)).toEqual([
      'tools[0].module: "tool-calculater" is not a built-in module and has no source (did you mean "tool-calculator"?); the built-in tools are tool-calculator, tool-web',
    ]);
  });

  it("says which key beside a missing one looks like its typo", () => {
    const error = planError("session:\n  orchestrator: loop-basic\n  contex: context-simple\n");
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: ["session", "context"],
        message: expect.stringMatching(/^required .*; the plan has "contex" here: a typo of "context"\?$/),
      }),
    ]);
  });
});

describe("YAML errors", () => {
  it("points a key indented too deep at its own line, not at the value above it", () => {
    const error = planError("session:\n  orchestrator: loop-basic\n   context: context-simple\n");
    expect(error.message).toBe(
      'Invalid mount plan: YAML line 3, column 4: this key starts at column 4, right of the key above it on line 2 (column 3); keys of one mapping start at the same column (the line reads "context: context-simple")',
    );
  });

  it("measures a list item's keys from after its dash", () => {
    const error = planError("tools:\n  - module: tool-calculator\n      config: {}\n");
    expect(error.message).toContain(
      "YAML line 3, column 7: this key starts at column 7, right of the key above it on line 2 (column 5)",
    );
  });

  it("gives an under-indented line its own column and text, and never ends in a colon", () => {
    const error = planError("tools:\n  - module: tool-calculator\n   config: {}\n");
    expect(error.message).toMatch(
      /^Invalid mount plan: YAML line 3, column 4: .*indentation.* \(the line reads "config: \{\}"\)$/,
    );
  });

  it("does not blame indentation for a bracket left open", () => {
    const error = planError("session:\n  orchestrator: [loop-basic\n  context: context-simple\n");
    expect(error.message).toContain("is a [ or { above left open?");
    expect(error.message).not.toContain("indentation against");
  });

  it("keeps the parser's words for other errors, without its trailing position", () => {
    const error = planError("session: {}\nsession: {}\n");
    expect(error.message).toBe(
      'Invalid mount plan: YAML line 2, column 1: Map keys must be unique (the line reads "session: {}")',
    );
  });
});
