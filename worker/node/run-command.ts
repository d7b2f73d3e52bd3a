/**
 * `amplifier-edge run <plan> "<prompt>"`: loads a mount plan, runs one turn and prints the answer.
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Writable } from "node:stream";
import type { Coordinator } from "../../src/contracts.ts";
import { toErrorData } from "../../src/errors.ts";
import { PROVIDER_REQUEST } from "../../src/hooks/events.ts";
import { blocksToText } from "../../src/models/content-block.ts";
import { builtinModules, withToolMcp } from "../../src/modules/index.ts";
import { loadPlan } from "../../src/plan/parse.ts";
import { createSession } from "../../src/session.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { resumeSession } from "../../src/storage/resume.ts";
import { type RunArguments, type TraceTarget, UsageError } from "./cli-args.ts";
import { createFileStore } from "./file-store.ts";
import { nodeToolMcpOptions } from "./mcp-host.ts";
import { createNodeSandboxes } from "./node-sandbox.ts";
import { refuseFailedModules, refuseFatalInit, refuseUnknownNames } from "./plan-refusal.ts";
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
 * Nothing is sent to a model unless every module of the plan loaded.
 *
 * @throws KernelError `invalid_plan` (exit code 2 in the CLI) when the plan cannot be read, is
 *   invalid, names a module or section that does not exist, or a module did not load (missing file,
 *   syntax error, refused import); `mount_failed` (exit code 1) when a module's mount() failed.
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
  const modules = withToolMcp(
    tracing === undefined ? builtinModules : { ...builtinModules, "hooks-otel": tracing.module },
    nodeToolMcpOptions({ env: io.env, planDir: dirname(planPath) }),
  );
  refuseUnknownNames(plan, modules);
  await using sandboxes = await createNodeSandboxes({ env: io.env, store });
  await using session = createSession(plan, {
    modules,
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
  // A call a hook denied has no event of its own; its result is in the conversation before the
  // next request to the model, and at the end of the turn.
  const settleCalls = () => output.settleCalls((id) => storedToolResult(session.coordinator, id));
  session.coordinator.hooks.register(PROVIDER_REQUEST, async () => void (await settleCalls()), {
    priority: Number.MIN_SAFE_INTEGER,
    name: "cli-tool-results",
  });
  try {
    await session.initialize();
  } catch (error) {
    throw refuseFatalInit(error, plan, planPath);
  }
  refuseFailedModules(session.status().failedModules, plan, planPath);
  try {
    const response = await session.execute(args.prompt, io.signal === undefined ? {} : { signal: io.signal });
    await settleCalls();
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

/** The text of the tool message answering `toolCallId`, if the conversation has one. */
async function storedToolResult(coordinator: Coordinator, toolCallId: string): Promise<string | undefined> {
  const messages = (await coordinator.get("context")?.get_messages()) ?? [];
  const message = messages.findLast((candidate) => candidate.role === "tool" && candidate.tool_call_id === toolCallId);
  if (message === undefined) return undefined;
  return typeof message.content === "string" ? message.content : blocksToText(message.content);
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
