/**
 * `amplifier-edge run <plan> "<prompt>"`: loads a mount plan, runs one turn and prints the answer.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Writable } from "node:stream";
import { toErrorData } from "../../src/errors.ts";
import { builtinModules, withToolMcp } from "../../src/modules/index.ts";
import { loadPlan } from "../../src/plan/parse.ts";
import { createSession } from "../../src/session.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { resumeSession } from "../../src/storage/resume.ts";
import { type RunArguments, type TraceTarget, UsageError } from "./cli-args.ts";
import { createFileStore } from "./file-store.ts";
import { nodeToolMcpOptions } from "./mcp-host.ts";
import { createNodeSandboxes } from "./node-sandbox.ts";
import { jsonLinesOutput, terminalOutput } from "./terminal-output.ts";
import { missingTraceSdk, traceSdkMissingError } from "./trace-sdk.ts";

/** Where the command writes, and the environment the plan's `${NAME}` values come from. */
export interface RunIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/**
 * Runs one prompt through the plan; resolves with the exit code (0 answered, 1 the turn failed).
 *
 * @throws KernelError `invalid_plan` (exit code 2 in the CLI) when the plan cannot be read or is invalid.
 */
export async function runCommand(args: RunArguments, io: RunIo): Promise<number> {
  const planPath = resolve(args.plan);
  const plan = await loadPlan(planPath, { env: io.env, read: (path) => readFile(path, "utf8") });
  await using store = args.store === undefined ? undefined : openStore(args.store);
  if (store !== undefined && args.session !== undefined) {
    if ((await store.getSession(args.session)) === undefined) {
      throw new UsageError(`run: no session '${args.session}' in ${args.store}; leave out --session to start one`);
    }
    const { report } = await resumeSession(store, args.session);
    if (report !== undefined && !args.json) io.stderr.write(`repaired the stored session: ${JSON.stringify(report)}\n`);
  }
  if (store !== undefined && !args.json && !PERSISTENT_CONTEXTS.has(contextId(plan.session.context))) {
    io.stderr.write(
      `note: the plan's context '${contextId(plan.session.context)}' keeps nothing in --store; use context-persistent\n`,
    );
  }
  await using tracing = args.trace === undefined ? undefined : await startTracing(args.trace, io.stderr);
  if (tracing !== undefined && !plan.hooks.some((entry) => entry.module === "hooks-otel")) {
    plan.hooks.push({ module: "hooks-otel" });
  }
  await using sandboxes = await createNodeSandboxes({ env: io.env, store });
  await using session = createSession(plan, {
    modules: withToolMcp(
      tracing === undefined ? builtinModules : { ...builtinModules, "hooks-otel": tracing.module },
      nodeToolMcpOptions({ env: io.env, planDir: dirname(planPath) }),
    ),
    sandbox: sandboxes.loader,
    planDir: dirname(planPath),
    env: io.env,
    onWarning: (warning) => {
      if (args.json)
        io.stdout.write(`${JSON.stringify({ type: "warning", code: warning.code, message: warning.message })}\n`);
      else io.stderr.write(`warning: ${warning.message}\n`);
    },
    ...(store === undefined ? {} : { store }),
    ...(args.session === undefined ? {} : { sessionId: args.session, resumed: true }),
  });
  const output = args.json ? jsonLinesOutput(io.stdout) : terminalOutput(io.stdout, io.stderr);
  session.coordinator.hooks.observe((event, data) => output.onEvent(event, data));
  await session.initialize();
  try {
    const response = await session.execute(args.prompt, io.signal === undefined ? {} : { signal: io.signal });
    // Cleanup first, so that session:end is streamed and the result is the last line.
    await session.cleanup();
    output.finish(response);
    if (!args.json && store !== undefined) io.stderr.write(`session ${session.sessionId} stored in ${args.store}\n`);
    return 0;
  } catch (error) {
    // The JSON line carries the error's data whole (code, message, data, issues), like every seam.
    const failure = toErrorData(error);
    if (args.json) io.stdout.write(`${JSON.stringify({ type: "error", ...failure })}\n`);
    else io.stderr.write(`amplifier-edge: the turn failed: ${failure.message}\n`);
    return 1;
  }
}

/**
 * The tracer provider of `--trace`, loaded only when asked for.
 * @throws KernelError `module_not_found` when the OpenTelemetry SDK (optional peers) is not installed.
 */
async function startTracing(target: TraceTarget, stderr: Writable) {
  const missing = missingTraceSdk();
  if (missing.length > 0) throw traceSdkMissingError(missing);
  const { startCliTracing } = await import("./trace-setup.ts");
  return startCliTracing(target, stderr);
}

const PERSISTENT_CONTEXTS = new Set(["context-persistent"]);

function contextId(spec: unknown): string {
  if (typeof spec === "string") return spec;
  const module = (spec as { module?: unknown } | undefined)?.module;
  return typeof module === "string" ? module : "(sandboxed)";
}

function openStore(directory: string): MessageStore {
  return createFileStore(resolve(directory));
}
