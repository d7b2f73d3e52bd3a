/**
 * Problems in a value, as {@link Issue}s: the one converter from a zod error, and the one way to
 * build the KernelError that lists them. Every seam (plans, configs, requests, messages) reports a
 * value of the wrong shape this way, so a client reads `error.issues` wherever the error came from.
 */
import type { z } from "zod";
import { formatIssuePath, type Issue, KernelError, type KernelErrorCode } from "./errors.ts";

/** Where a value sits inside a bigger one, e.g. `["tools", 2, "config"]`. */
export type IssuePath = Issue["path"];

/** How many issues a KernelError's message shows (all of them are in its `issues`). */
const SHOWN_ISSUES = 8;

/**
 * The issues of a zod error, with readable messages and paths under `prefix` (for a value parsed
 * on its own that sits inside a bigger one: `["sandbox"]` for a plan entry's sandbox block).
 *
 * @example
 * issuesFromZod(schema.safeParse(entry).error, ["tools", 2]); // [{ path: ["tools", 2, "config"], ... }]
 */
export function issuesFromZod(error: z.ZodError, prefix: IssuePath = []): Issue[] {
  return expand(error.issues, prefix);
}

function expand(issues: readonly z.core.$ZodIssue[], prefix: IssuePath): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path.map(pathSegment)];
    const branch = issue.code === "invalid_union" ? matchingBranch(issue.errors) : undefined;
    if (branch) return expand(branch, path);
    return [{ path, message: readableMessage(issue), code: issue.code }];
  });
}

/** zod allows symbol keys in paths; issues are data, so a symbol becomes its description. */
function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === "symbol" ? segment.toString() : segment;
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

/** A zod message in plain words: a missing value reads "required (expected string)". */
function readableMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}`;
  }
  const missing = /^Invalid input: expected (.+), received undefined$/.exec(issue.message);
  if (issue.code === "invalid_type" && missing) return `required (expected ${missing[1]})`;
  return issue.message.replace(/^Invalid input: /, "");
}

/** The issues with `prefix` put before each path (`session.context` → `plan.session.context`). */
export function prefixIssues(prefix: IssuePath, issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
}

/** One issue for people: `tools[2].config: expected object` (the message alone for the value itself). */
export function formatIssue(issue: Issue): string {
  const where = formatIssuePath(issue.path);
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}

/** The first issues for people, joined with `; `, and how many more there are. */
export function summarizeIssues(issues: readonly Issue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map(formatIssue);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : "";
  return `${shown.join("; ")}${more}`;
}

/** Options of {@link issuesError}. */
export interface IssuesErrorOptions {
  readonly data?: Record<string, unknown>;
  readonly cause?: unknown;
}

/**
 * The KernelError for a value of the wrong shape: its message is `subject` and the first issues
 * (`Invalid mount plan: tools[2].config: expected object`), its `issues` all of them.
 *
 * @example
 * throw issuesError("invalid_argument", "Invalid env", issuesFromZod(parsed.error, ["env"]));
 */
export function issuesError(
  code: KernelErrorCode,
  subject: string,
  issues: readonly Issue[],
  options: IssuesErrorOptions = {},
): KernelError {
  return new KernelError(code, `${subject}: ${summarizeIssues(issues)}`, {
    issues: [...issues],
    ...(options.data === undefined ? {} : { data: options.data }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

/** Options of {@link parseOrThrow}. */
export interface ParseOrThrowOptions extends IssuesErrorOptions {
  readonly code: KernelErrorCode;
  /** Starts the message: `Invalid mount plan`, `tool-web: invalid config`. */
  readonly subject: string;
  /** Where the value sits (see {@link issuesFromZod}). */
  readonly prefix?: IssuePath;
}

/**
 * Parses `value` with `schema`, or throws the {@link issuesError} naming every problem.
 *
 * @throws KernelError with `options.code` and every issue in `issues`.
 * @example
 * const env = parseOrThrow(envSchema, options.env, { code: "invalid_argument", subject: "Invalid env", prefix: ["env"] });
 */
export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  options: ParseOrThrowOptions,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const { code, subject, prefix, ...rest } = options;
  throw issuesError(code, subject, issuesFromZod(parsed.error, prefix), rest);
}
