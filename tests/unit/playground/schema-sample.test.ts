/**
 * The playground's arguments from a schema: valid by construction, checked with the validator the
 * loop runs on every tool input, over the example modules' schemas and over generated schemas.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sampleValue } from "../../../demo/app/schema-sample.ts";
import { validateToolInput } from "../../../src/modules/loop/input-validation.ts";

/** Schemas of the subset the generator promises to satisfy (no pattern, not, uniqueItems). */
function schemaArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  const bounds = fc
    .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 40 }))
    .map(([low, width]) => [low, low + width] as const);
  const string = fc.oneof(
    fc.record(
      {
        type: fc.constant("string"),
        minLength: fc.integer({ min: 0, max: 8 }),
        maxLength: fc.integer({ min: 8, max: 20 }),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record({ type: fc.constant("string"), format: fc.constantFrom("date-time", "email", "uri", "uuid", "date") }),
  );
  const integer = fc
    .tuple(bounds, fc.constantFrom(undefined, 2, 3, 5), fc.boolean(), fc.boolean())
    .map(([[low, high], multipleOf, exclusiveLow, exclusiveHigh]) => ({
      type: "integer",
      ...(exclusiveLow ? { exclusiveMinimum: low - 1 } : { minimum: low }),
      ...(exclusiveHigh ? { exclusiveMaximum: high + 11 } : { maximum: high + 10 }),
      ...(multipleOf === undefined ? {} : { multipleOf }),
    }));
  const number = fc
    .tuple(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: 0.5, max: 100, noNaN: true }),
      fc.boolean(),
    )
    .map(([low, width, exclusive]) =>
      exclusive
        ? { type: "number", exclusiveMinimum: low, exclusiveMaximum: low + width }
        : { type: "number", minimum: low, maximum: low + width },
    );
  const leaf = fc.oneof(
    string,
    integer,
    number,
    fc.constant({ type: "boolean" }),
    fc.constant({ type: "null" }),
    fc.constant({ enum: ["a", "b"] }),
    fc.constant({ const: 42 }),
  );
  const { tree } = fc.letrec<{ tree: Record<string, unknown> }>((recurse) => ({
    tree: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc
        .tuple(recurse("tree"), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 3, max: 6 }))
        .map(([items, minItems, maxItems]) => ({ type: "array", items, minItems, maxItems })),
      fc.dictionary(fc.constantFrom("a", "b", "text", "n"), recurse("tree"), { maxKeys: 3 }).chain((properties) =>
        fc.subarray(Object.keys(properties)).map((required) => ({
          type: "object",
          properties,
          required,
          additionalProperties: false,
        })),
      ),
      fc.tuple(recurse("tree"), recurse("tree")).map(([first, second]) => ({ anyOf: [first, second] })),
    ),
  }));
  return fc
    .dictionary(fc.constantFrom("text", "count", "items", "options"), tree, { minKeys: 1, maxKeys: 4 })
    .chain((properties) =>
      fc.subarray(Object.keys(properties)).map((required) => ({ type: "object", properties, required })),
    );
}

describe("sampleValue", () => {
  it("gives arguments every generated schema accepts", () => {
    fc.assert(
      fc.property(schemaArbitrary(), fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), (schema, seed) => {
        const { value, unsupported } = sampleValue(schema, seed);
        expect(unsupported).toEqual([]);
        expect(validateToolInput(schema, value)).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it("puts the user's text in the first required string, and formats where a format is asked", () => {
    const schema = {
      type: "object",
      properties: {
        url: { type: "string", format: "uri" },
        text: { type: "string", description: "The text to measure" },
        mode: { enum: ["words", "lines"] },
      },
      required: ["text"],
    };
    expect(sampleValue(schema, "the cat sat").value).toEqual({
      text: "the cat sat",
      url: "https://example.com/",
      mode: "words",
    });
  });

  it("says when a format's sample is outside the lengths asked", () => {
    const { unsupported } = sampleValue({
      type: "object",
      properties: { at: { type: "string", format: "date-time", maxLength: 8 } },
    });
    expect(unsupported).toEqual(["at: format date-time with maxLength 8"]);
  });

  it("follows $ref and allOf, and names what it cannot honour", () => {
    const schema = {
      $defs: { code: { type: "string", pattern: "^[A-Z]{3}$" } },
      allOf: [
        { type: "object", properties: { code: { $ref: "#/$defs/code" } }, required: ["code"] },
        { properties: { size: { type: "integer", minimum: 3, multipleOf: 2 } }, required: ["size"] },
      ],
    };
    const { value, unsupported } = sampleValue(schema);
    expect(value).toEqual({ code: "example", size: 4 });
    expect(unsupported).toEqual(["code: pattern"]);
  });
});
