/** Turns zod issues into one readable KernelError that names every path (`tools[2].config: ...`). */
import type { z } from "zod";
import { KernelError, type KernelErrorCode } from "../errors.ts";

/** One problem in a plan: where and what. */
export interface PlanIssue {
  path: string;
  message: string;
}

/** Formats a zod path as `tools[2].config`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** The issues of a zod error, with readable paths and messages. */
export function planIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): PlanIssue[] {
  return expandIssues(error.issues, prefix);
}

function expandIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): PlanIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const branch = issue.code === "invalid_union" ? matchingBranch(issue.errors) : undefined;
    if (branch) return expandIssues(branch, path);
    return [{ path: formatPath(path) || "(plan)", message: describeIssue(issue) }];
  });
}

/**
 * When a value has the right type for exactly one branch of a union (an object for
 * `string | { module }`), that branch's issues say what is wrong far better than the union does.
 */
function matchingBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const typed = branches.filter(
    (issues) =>
      !issues.some(
        (issue) => issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_union"),
      ),
  );
  return typed.length === 1 ? typed[0] : undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}`;
  }
  if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input: ")) {
    const detail = issue.message.slice("Invalid input: ".length);
    return detail.endsWith(", received undefined")
      ? `required (${detail.replace(", received undefined", "")})`
      : detail;
  }
  return issue.message;
}

/** A KernelError listing the issues (first ones in the message, all of them in `data.issues`). */
export function issuesError(
  what: string,
  issues: readonly PlanIssue[],
  code: KernelErrorCode = "invalid_plan",
): KernelError {
  const shown = issues.slice(0, 8).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "";
  return new KernelError(code, `Invalid ${what}: ${shown.join("; ")}${more}`, { data: { issues: [...issues] } });
}
