/** Parsing mount plans from JSON, YAML or objects, with env substitution and path-named errors. */
import { parse as parseYaml, YAMLParseError } from "yaml";
import { describeError, type Issue, KernelError } from "../errors.ts";
import { issuesError, issuesFromZod } from "../issues.ts";
import { hintMisspeltKeys } from "./did-you-mean.ts";
import { type MissingEnvPolicy, substituteEnv } from "./env.ts";
import { findUnsafeKeys } from "./safe-keys.ts";
import { type MountPlan, mountPlanSchema } from "./schema.ts";
import { describeYamlError } from "./yaml-errors.ts";

/** Options of {@link parsePlan}. */
export interface ParsePlanOptions {
  /** Values for `${NAME}` (an explicit map: there is no ambient environment). */
  env?: Readonly<Record<string, string | undefined>>;
  /** A `${NAME}` with no value: an error (default), an empty string, or kept as written. */
  missingEnv?: MissingEnvPolicy;
  /** The text format; by default JSON when it starts with `{`, YAML otherwise. */
  format?: "json" | "yaml";
}

/** The KernelError `invalid_plan` listing `issues`. */
function planError(issues: readonly Issue[], cause?: unknown): KernelError {
  return issuesError("invalid_plan", "Invalid mount plan", issues, { cause });
}

/** The KernelError for plan text that does not parse: one issue for the whole text. */
function syntaxError(message: string, cause: unknown): KernelError {
  return planError([{ path: [], message, code: "invalid_syntax" }], cause);
}

/**
 * Parses and validates a mount plan.
 *
 * @throws KernelError `invalid_plan` naming every problem by path (`tools[2].config: expected object, received string`),
 *   every one of them in its `issues`.
 * @example
 * const plan = parsePlan("session:\n  orchestrator: loop-basic\n  context: context-simple\n");
 */
export function parsePlan(input: string | unknown, options: ParsePlanOptions = {}): MountPlan {
  const raw = typeof input === "string" ? parseText(input, options.format) : input;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw planError([{ path: [], message: "expected an object with a session section", code: "invalid_type" }]);
  }
  const unsafe = findUnsafeKeys(raw);
  if (unsafe.length > 0) throw planError(unsafe);
  const substituted = substituteEnv(raw, {
    ...(options.env === undefined ? {} : { env: options.env }),
    missing: options.missingEnv ?? "error",
  });
  if (substituted.issues.length > 0) throw planError(substituted.issues);
  const parsed = mountPlanSchema.safeParse(substituted.value);
  if (!parsed.success) throw planError(hintMisspeltKeys(issuesFromZod(parsed.error), substituted.value));
  return parsed.data;
}

/** Options of {@link loadPlan}. */
export interface LoadPlanOptions extends ParsePlanOptions {
  /** Reads the plan text; defaults to `fetch(location)`. */
  read?: (location: string) => Promise<string>;
}

/**
 * Reads a plan from a URL or path and parses it (YAML unless the location ends in `.json`).
 *
 * @throws KernelError `invalid_plan` when it cannot be read or is invalid.
 */
export async function loadPlan(location: string, options: LoadPlanOptions = {}): Promise<MountPlan> {
  const read = options.read ?? fetchText;
  let text: string;
  try {
    text = await read(location);
  } catch (error) {
    throw new KernelError("invalid_plan", `Cannot read the mount plan at ${location}: ${describeError(error)}`, {
      cause: error,
    });
  }
  const format = options.format ?? (location.toLowerCase().endsWith(".json") ? "json" : "yaml");
  return parsePlan(text, { ...options, format });
}

async function fetchText(location: string): Promise<string> {
  const response = await fetch(location);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

/** Parses JSON or YAML text into a plain value, with the line and column of a syntax error. */
export function parseText(text: string, format?: "json" | "yaml"): unknown {
  const chosen = format ?? (text.trimStart().startsWith("{") ? "json" : "yaml");
  if (chosen === "json") {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw syntaxError(`not valid JSON: ${describeError(error)}`, error);
    }
  }
  try {
    return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const { line, column, message } = describeYamlError(text, error);
      throw syntaxError(`YAML ${line > 0 ? `line ${line}, column ${column}: ` : ""}${message}`, error);
    }
    throw syntaxError(describeError(error), error);
  }
}
