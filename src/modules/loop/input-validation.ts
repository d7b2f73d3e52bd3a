/**
 * Tool input checked against the tool's `input_schema` with `@cfworker/json-schema`, which
 * interprets schemas (no `eval`, no `new Function`), so it runs on Workers and in strict CSPs.
 */
import { type OutputUnit, type Schema, Validator } from "@cfworker/json-schema";
import { describeError } from "../../errors.ts";
import { schemaSafetyProblem } from "../../models/schema-safety.ts";

/** A compiled schema, or why it is not run on this thread (checked once per schema object). */
const validators = new WeakMap<object, Validator | string>();
const AGGREGATE_KEYWORDS = new Set(["properties", "items", "prefixItems", "additionalItems", "false", "$ref"]);

function validatorFor(schema: object): Validator | string {
  let validator = validators.get(schema);
  if (!validator) {
    const problem = schemaSafetyProblem(schema);
    validator = problem
      ? `the tool's input_schema is not safe to validate: it ${problem}`
      : new Validator(schema as Schema, "2020-12", false);
    validators.set(schema, validator);
  }
  return validator;
}

function location(pointer: string): string {
  const parts = pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "");
  let text = "input";
  for (const part of parts) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    text += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return text;
}

function describe(errors: readonly OutputUnit[]): string {
  const leaves = errors.filter((error) => !AGGREGATE_KEYWORDS.has(error.keyword));
  const shown = (leaves.length > 0 ? leaves : errors).slice(0, 5);
  return shown.map((error) => `${location(error.instanceLocation)}: ${error.error}`).join("; ");
}

/**
 * Checks `input` against `schema`. Returns undefined when it is valid (or when the schema is
 * empty), else a readable description of the first few problems, e.g.
 * `input: Instance does not have required property "expression".`
 */
export function validateToolInput(schema: unknown, input: unknown): string | undefined {
  if (schema === undefined || schema === null || schema === true) return undefined;
  if (typeof schema !== "object" || Array.isArray(schema)) return "the tool's input_schema is not a JSON Schema object";
  if (Object.keys(schema).length === 0) return undefined;
  try {
    const validator = validatorFor(schema);
    if (typeof validator === "string") return validator;
    const result = validator.validate(input);
    return result.valid ? undefined : describe(result.errors);
  } catch (error) {
    return `the tool's input_schema cannot be used: ${describeError(error).split("\n")[0]}`;
  }
}
