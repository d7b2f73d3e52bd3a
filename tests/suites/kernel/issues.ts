/** Issues: the one converter from zod errors, and the one KernelError that lists them. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssuePath, KernelError } from "../../../src/errors.ts";
import { issuesError, issuesFromZod, parseOrThrow, prefixIssues, summarizeIssues } from "../../../src/issues.ts";
import { resolveModuleSource } from "../../../src/module-source-resolution.ts";
import { MockCoordinator } from "../../../src/testing/mock-coordinator.ts";

const moduleSchema = z.union([
  z.string().min(1),
  z.strictObject({ module: z.string().min(1), config: z.record(z.string(), z.unknown()).optional() }),
]);
const planishSchema = z.strictObject({ tools: z.array(moduleSchema), name: z.string() });

function zodError(schema: z.ZodType, value: unknown): z.ZodError {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected a failure");
  return parsed.error;
}

export function registerIssueSuite(): void {
  describe("issues", () => {
    it("keeps numbers in paths and renders them for people", () => {
      const issues = issuesFromZod(
        zodError(planishSchema, { tools: ["a", "b", { module: "c", config: 3 }], name: "x" }),
      );
      expect(issues).toEqual([
        { path: ["tools", 2, "config"], message: "expected record, received number", code: "invalid_type" },
      ]);
      expect(formatIssuePath(["tools", 2, "config"])).toBe("tools[2].config");
      expect(formatIssuePath([0, "a", 1, 2])).toBe("[0].a[1][2]");
      expect(formatIssuePath([])).toBe("");
    });

    it("picks the one union branch the value's type matches, instead of the union's own complaint", () => {
      const [issue] = issuesFromZod(zodError(planishSchema, { tools: [{ modul: "c" }], name: "x" }));
      expect(issue?.code).not.toBe("invalid_union");
      const paths = issuesFromZod(zodError(planishSchema, { tools: [{ modul: "c" }], name: "x" })).map(
        (item) => item.path,
      );
      expect(paths).toEqual([
        ["tools", 0, "module"],
        ["tools", 0],
      ]);
      // A value that fits no branch's type keeps the union's issue.
      expect(issuesFromZod(zodError(planishSchema, { tools: [7], name: "x" }))[0]).toMatchObject({
        path: ["tools", 0],
        code: "invalid_union",
      });
    });

    it("says 'required' for a missing value and lists unknown keys by name", () => {
      const issues = issuesFromZod(zodError(planishSchema, { tools: [], extra: 1, other: 2 }));
      expect(issues).toEqual([
        { path: ["name"], message: "required (expected string)", code: "invalid_type" },
        { path: [], message: 'unknown keys "extra", "other"', code: "unrecognized_keys" },
      ]);
    });

    it("puts a prefix before every path, for a value parsed on its own inside a bigger one", () => {
      const issues = issuesFromZod(zodError(planishSchema, { tools: [""], name: "x" }), ["plan", "hooks", 1]);
      expect(issues[0]?.path).toEqual(["plan", "hooks", 1, "tools", 0]);
      expect(prefixIssues(["body"], issues)[0]?.path).toEqual(["body", "plan", "hooks", 1, "tools", 0]);
    });

    it("builds one KernelError: the first issues in its message, all of them in `issues`", () => {
      const issues = Array.from({ length: 11 }, (_, index) => ({
        path: ["tools", index],
        message: "bad",
        code: "custom",
      }));
      const error = issuesError("invalid_argument", "Invalid tools", issues, { data: { module_id: "m" } });
      expect(KernelError.is(error, "invalid_argument")).toBe(true);
      expect(error.message).toBe(
        "Invalid tools: tools[0]: bad; tools[1]: bad; tools[2]: bad; tools[3]: bad; tools[4]: bad; tools[5]: bad; tools[6]: bad; tools[7]: bad; and 3 more",
      );
      expect(error.issues).toHaveLength(11);
      expect(error.data).toEqual({ module_id: "m" });
      expect(error.toData()).toMatchObject({ code: "invalid_argument", issues });
      expect(summarizeIssues([{ path: [], message: "expected an object", code: "invalid_type" }])).toBe(
        "expected an object",
      );
    });

    it("parseOrThrow answers the value, or the issues error with the prefix applied", () => {
      expect(
        parseOrThrow(planishSchema, { tools: ["a"], name: "x" }, { code: "invalid_config", subject: "s" }),
      ).toEqual({ tools: ["a"], name: "x" });
      expect(() =>
        parseOrThrow(
          planishSchema,
          { tools: [1], name: "x" },
          { code: "invalid_config", subject: "m: invalid config", prefix: ["config"] },
        ),
      ).toThrow(
        expect.objectContaining({
          code: "invalid_config",
          message: expect.stringMatching(/^m: invalid config: config\.tools\[0\]: /),
          issues: [expect.objectContaining({ path: ["config", "tools", 0] })],
        }),
      );
    });

    it("a module-source-resolver's answer of the wrong shape is a module_invalid error listing its issues", async () => {
      const coordinator = new MockCoordinator();
      await coordinator.mount("module-source-resolver", { resolve: () => ({ files: { "a.js": "" }, entry: "b.js" }) });
      const error = await resolveModuleSource(coordinator, "tool-odd", undefined).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toMatchObject({
        code: "module_invalid",
        message: expect.stringMatching(/not a module source for "tool-odd": entry: entry must name one of the files$/),
        data: { module_id: "tool-odd" },
        issues: [{ path: ["entry"], message: "entry must name one of the files", code: "custom" }],
      });
    });
  });
}
