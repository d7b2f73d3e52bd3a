/** The bounds on a JSON Schema the host compiles and runs (src/models/schema-safety.ts). */
import { describe, expect, it } from "vitest";
import { regexProblem, schemaSafetyProblem } from "../../../src/models/schema-safety.ts";
import { validateToolInput } from "../../../src/modules/loop/input-validation.ts";

/** Forty chained allOf/$ref pairs: each level references the one below twice (2^40 visits). */
function chain(levels: number): Record<string, unknown> {
  const defs: Record<string, unknown> = { l0: { type: "string" } };
  for (let level = 1; level <= levels; level += 1) {
    defs[`l${level}`] = { allOf: [{ $ref: `#/$defs/l${level - 1}` }, { $ref: `#/$defs/l${level - 1}` }] };
  }
  return { $defs: defs, $ref: `#/$defs/l${levels}` };
}

describe("schema safety", () => {
  it("accepts the schemas tools use, recursive ones included", () => {
    expect(
      schemaSafetyProblem({ type: "object", properties: { city: { type: "string", pattern: "^[A-Za-z ]{1,80}$" } } }),
    ).toBeUndefined();
    const tree = {
      $defs: { node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/node" } } } } },
      $ref: "#/$defs/node",
    };
    expect(schemaSafetyProblem(tree)).toBeUndefined();
    expect(schemaSafetyProblem(chain(8))).toBeUndefined();
    expect(schemaSafetyProblem(undefined)).toBeUndefined();
  });

  it("refuses a $ref chain that expands exponentially, a non-local or dangling $ref, size and depth", () => {
    expect(schemaSafetyProblem(chain(40))).toMatch(/expands to more than 10000 subschemas/);
    expect(schemaSafetyProblem({ $ref: "https://evil.example/schema.json" })).toMatch(/\$ref that is not local/);
    expect(schemaSafetyProblem({ $ref: "#/$defs/missing" })).toMatch(/does not resolve/);
    expect(schemaSafetyProblem({ description: "x".repeat(70_000) })).toMatch(/larger than 65536 bytes/);
    let deep: Record<string, unknown> = { type: "string" };
    for (let level = 0; level < 40; level += 1) deep = { items: deep };
    expect(schemaSafetyProblem(deep)).toMatch(/nests deeper than 32 levels/);
  });

  it("refuses the regular-expression shapes that backtrack exponentially, and accepts the usual ones", () => {
    for (const pattern of ["^(a+)+$", "(a*)*", "^(a|a)*$", "(x+x+)+y", "(\\w)\\1", "(?=a)a", "^([a-z]+\\.)+[a-z]+$"]) {
      expect(regexProblem(pattern), pattern).toBeDefined();
    }
    for (const pattern of [
      "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
      "^\\d{4}-\\d{2}-\\d{2}$",
      "^(https?://)?[^ ]{1,200}$",
      "^[A-Z]{3}$",
      "^(foo)?bar$",
    ]) {
      expect(regexProblem(pattern), pattern).toBeUndefined();
    }
    expect(regexProblem("(")).toMatch(/not a valid regular expression/);
    expect(regexProblem("a".repeat(300))).toMatch(/longer than 256/);
  });

  it("makes the loop's input validation refuse such a schema at once instead of running it", () => {
    const problem = validateToolInput({ type: "string", pattern: "^(a+)+$" }, `${"a".repeat(34)}!`);
    expect(problem).toMatch(/input_schema is not safe to validate: it has an unsafe pattern at #\/pattern/);
    expect(validateToolInput(chain(40), "x")).toMatch(/expands to more than/);
  });
});
