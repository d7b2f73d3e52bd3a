/**
 * The objects a sandboxed orchestrator was handed for one `execute()`: the real context,
 * providers, tools and hooks. The guest reaches them only by the execution's id, only while that
 * execution runs, and only through the methods of their contracts (arguments validated).
 */
import { z } from "zod";
import type { ContextManager, Coordinator, HookRegistryContract, Provider, Tool } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import { POLICY_VIOLATION } from "../../src/hooks/events.ts";
import { chatRequestSchema, type Message, messageSchema } from "../../src/models/index.ts";
import { spliceInjections } from "../../src/modules/loop/ephemeral.ts";
import type { GuestRequest } from "../protocol.ts";
import { argument } from "./guest-requests.ts";
import { ExecutionTools, TOOL_PATH_EVENTS } from "./orchestrator-tools.ts";
import { ToolPairingGuard } from "./pairing-guard.ts";

/** What one orchestrator execution was given. */
export interface ExecutionObjects {
  readonly context: ContextManager;
  readonly providers: Record<string, Provider>;
  readonly tools: Record<string, Tool>;
  readonly hooks: HookRegistryContract;
  readonly coordinator: Coordinator;
}

type CallRequest = Extract<GuestRequest, { op: "call" }>;

/** An open execution: its objects, the guard of what it writes to the context, and its tool path. */
interface OpenExecution extends ExecutionObjects {
  readonly moduleId: string;
  readonly pairing: ToolPairingGuard;
  readonly toolPath: ExecutionTools;
}

const record = z.record(z.string(), z.unknown());
const budgetOptions = z
  .strictObject({ token_budget: z.number().int().positive().optional(), provider: z.string().optional() })
  .optional();

/** The open executions of one sandboxed orchestrator. */
export class ExecutionTable {
  readonly #open = new Map<string, OpenExecution>();
  readonly #moduleId: string;
  #next = 0;

  /** `moduleId` names the orchestrator in the policy violations its executions report. */
  constructor(moduleId = "sandboxed orchestrator") {
    this.#moduleId = moduleId;
  }

  /** Opens an execution and returns its id. */
  open(objects: ExecutionObjects): string {
    this.#next += 1;
    const id = `execution-${this.#next}`;
    const pairing = new ToolPairingGuard(objects.context);
    const toolPath = new ExecutionTools(objects, this.#moduleId, id, () => pairing.openCalls());
    this.#open.set(id, { ...objects, moduleId: this.#moduleId, pairing, toolPath });
    return id;
  }

  /**
   * Takes an orchestrator's own emission of a tool-path event (`tool:pre`, `tool:post`,
   * `tool:error`): true when it is one, which the host emits itself around the real call.
   */
  announce(event: string, data: Record<string, unknown>): boolean {
    if (!TOOL_PATH_EVENTS.has(event)) return false;
    const latest = [...this.#open.values()].at(-1);
    if (event === "tool:pre") latest?.toolPath.announce(data);
    return true;
  }

  /**
   * Closes an execution: later calls naming it are refused, and tool calls it left without a
   * result get a synthetic one, so the stored history stays paired whatever the guest did.
   */
  async close(id: string): Promise<void> {
    const execution = this.#open.get(id);
    this.#open.delete(id);
    execution?.toolPath.abandon();
    await execution?.pairing.close();
    await execution?.toolPath.settle();
  }

  /**
   * Runs a guest's call on one of the execution's objects.
   *
   * @throws KernelError `invalid_argument` for an unknown execution, object, method or bad arguments.
   */
  async call(request: CallRequest, signal: AbortSignal | undefined): Promise<unknown> {
    const objects = this.#open.get(request.execution);
    if (!objects) throw new KernelError("invalid_argument", `${request.execution} is not a running execution`);
    const where = `${request.target}${request.name ? `["${request.name}"]` : ""}.${request.method}()`;
    if (request.target === "context") return callContext(objects, request, where);
    if (request.target === "provider") return callProvider(objects, request, where, signal);
    const tool = request.name === null ? undefined : objects.tools[request.name];
    if (!tool) throw new KernelError("invalid_argument", `${where}: no tool named ${request.name}`);
    if (request.method !== "execute") throw new KernelError("invalid_argument", `${where}: tools only execute`);
    const input = argument(record, request.args[0] ?? {}, where);
    return objects.toolPath.execute(request.name as string, input, signal ?? new AbortController().signal);
  }
}

async function callContext(objects: OpenExecution, request: CallRequest, where: string): Promise<unknown> {
  const context = objects.context;
  const [first] = request.args;
  switch (request.method) {
    case "add_message": {
      const toolPath = objects.toolPath;
      await objects.pairing.add(argument(messageSchema, first, where), (message, tool) =>
        toolPath.resultMessage(message, tool),
      );
      if (objects.pairing.openCalls().length === 0) await toolPath.settle();
      return null;
    }
    case "get_messages":
      return context.get_messages();
    case "set_messages":
    case "clear":
      return refuseRewrite(objects, request.method);
    case "get_messages_for_request": {
      const options = argument(budgetOptions, first, where);
      const wanted = options?.provider;
      const provider =
        wanted === undefined
          ? undefined
          : (objects.providers[wanted] ?? Object.values(objects.providers).find((item) => item.name === wanted));
      const messages: Message[] = await context.get_messages_for_request({
        ...(options?.token_budget === undefined ? {} : { token_budget: options.token_budget }),
        ...(provider ? { provider } : {}),
      });
      // What tool:post hooks queued for the next request, as the built-in loops splice it in.
      return spliceInjections(messages, objects.toolPath.drainInjections());
    }
    default:
      throw new KernelError("invalid_argument", `${where}: not a context method`);
  }
}

/**
 * A sandboxed orchestrator appends to the conversation; it may not replace or erase it. The stored
 * history is the session's record (and, with a persistent context, the user's): an untrusted loop
 * that could rewrite it could also hide what it did.
 */
async function refuseRewrite(objects: OpenExecution, method: string): Promise<never> {
  await objects.coordinator.hooks.emit(POLICY_VIOLATION, {
    module: objects.moduleId,
    capability: "transcript",
    action: method,
    target: "context",
    reason: "a sandboxed orchestrator may not rewrite or clear the conversation",
  });
  throw new KernelError(
    "capability_denied",
    `capability_denied: context.${method}() is not available to a sandboxed orchestrator: it may append to the conversation, not rewrite or clear it`,
    { data: { capability: "transcript", action: method, target: "context" } },
  );
}

async function callProvider(
  objects: ExecutionObjects,
  request: CallRequest,
  where: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const provider = request.name === null ? undefined : objects.providers[request.name];
  if (!provider) throw new KernelError("invalid_argument", `${where}: no provider named ${request.name}`);
  switch (request.method) {
    case "list_models":
      return provider.list_models();
    case "get_model_info":
      return (await provider.get_model_info?.()) ?? null;
    case "complete": {
      const chatRequest = argument(chatRequestSchema, request.args[0], where);
      const options = argument(record.optional(), request.args[1], where) ?? {};
      const response = await provider.complete(chatRequest, { ...options, ...(signal ? { signal } : {}) });
      const tool_calls = await provider.parse_tool_calls(response);
      return { response, tool_calls };
    }
    default:
      throw new KernelError("invalid_argument", `${where}: not a provider method the sandbox may call`);
  }
}
