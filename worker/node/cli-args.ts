/**
 * Argument parsing for the CLI. A usage error is a {@link UsageError}: the CLI prints it with the
 * usage text and exits with code 2.
 */
import { type ParseArgsOptionsConfig, parseArgs } from "node:util";
import { describeError } from "../../src/errors.ts";
import type { ModuleType } from "../../src/models/index.ts";

/** A command line the CLI cannot run; exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Where `--trace` sends spans: an OTLP/HTTP collector, or stderr. */
export type TraceTarget = { readonly kind: "otlp"; readonly endpoint: string } | { readonly kind: "console" };

/** `run <plan> "<prompt>" [--json] [--session <id>] [--store <dir>] [--trace otlp=<url>|console]` */
export interface RunArguments {
  readonly plan: string;
  readonly prompt: string;
  readonly json: boolean;
  readonly session: string | undefined;
  readonly store: string | undefined;
  readonly trace: TraceTarget | undefined;
}

/** `validate <module.js> [--type ...] [--config <json>] [--json]` */
export interface ValidateArguments {
  readonly module: string;
  readonly type: ModuleType | undefined;
  readonly config: Record<string, unknown>;
  readonly json: boolean;
}

const MODULE_TYPES: readonly ModuleType[] = ["tool", "provider", "hook", "orchestrator", "context"];

function parse(argv: readonly string[], options: ParseArgsOptionsConfig) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeError(error));
  }
}

/** Parses the arguments of `run`. */
export function parseRunArguments(argv: readonly string[]): RunArguments {
  const { values, positionals } = parse(argv, {
    json: { type: "boolean" },
    session: { type: "string" },
    store: { type: "string" },
    trace: { type: "string" },
  });
  const [plan, prompt, ...extra] = positionals;
  if (plan === undefined) throw new UsageError("run: missing the mount plan (a .yaml or .json file)");
  if (prompt === undefined) throw new UsageError('run: missing the prompt, e.g. "What is 6 * 7?"');
  if (extra.length > 0) throw new UsageError(`run: unexpected argument '${extra[0]}' (quote the prompt)`);
  if (values.session !== undefined && values.store === undefined) {
    throw new UsageError("run: --session resumes a stored session, so it needs --store <dir>");
  }
  return {
    plan,
    prompt,
    json: values.json === true,
    session: values.session as string | undefined,
    store: values.store as string | undefined,
    trace: parseTrace(values.trace as string | undefined),
  };
}

/** `--trace console` or `--trace otlp=<http(s) url>`. */
function parseTrace(value: string | undefined): TraceTarget | undefined {
  if (value === undefined) return undefined;
  if (value === "console") return { kind: "console" };
  const endpoint = value.startsWith("otlp=") ? value.slice("otlp=".length) : undefined;
  if (endpoint !== undefined && URL.canParse(endpoint) && /^https?:$/.test(new URL(endpoint).protocol)) {
    return { kind: "otlp", endpoint };
  }
  throw new UsageError(
    `run: --trace must be 'console' or 'otlp=<http(s) url>' (e.g. otlp=http://127.0.0.1:4318), got '${value}'`,
  );
}

/** Parses the arguments of `validate`. */
export function parseValidateArguments(argv: readonly string[]): ValidateArguments {
  const { values, positionals } = parse(argv, {
    type: { type: "string" },
    config: { type: "string" },
    json: { type: "boolean" },
  });
  const [module, ...extra] = positionals;
  if (module === undefined) throw new UsageError("validate: missing the module file (a .js ES module)");
  if (extra.length > 0) throw new UsageError(`validate: unexpected argument '${extra[0]}'`);
  const type = values.type as string | undefined;
  if (type !== undefined && !MODULE_TYPES.includes(type as ModuleType)) {
    throw new UsageError(`validate: --type must be one of ${MODULE_TYPES.join(", ")}, got '${type}'`);
  }
  return {
    module,
    type: type as ModuleType | undefined,
    config: parseConfig(values.config as string | undefined),
    json: values.json === true,
  };
}

function parseConfig(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`validate: --config is not JSON: ${describeError(error)}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError("validate: --config must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}
