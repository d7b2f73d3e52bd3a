/**
 * The objects a sandboxed orchestrator was handed for one `execute()`: the real context,
 * providers, tools and hooks. The guest reaches them only by the execution's id, only while that
 * execution runs, and only through the methods of their contracts (arguments validated).
 */
import { z } from "zod";
import type { ContextManager, Coordinator, HookRegistryContract, Provider, Tool } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import { chatRequestSchema, messageSchema, normalizeToolResult } from "../../src/models/index.ts";
import type { GuestRequest } from "../protocol.ts";
import { describeIssues } from "./guest-request.ts";

/** What one orchestrator execution was given. */
export interface ExecutionObjects {
  readonly context: ContextManager;
  readonly providers: Record<string, Provider>;
  readonly tools: Record<string, Tool>;
  readonly hooks: HookRegistryContract;
  readonly coordinator: Coordinator;
}

type CallRequest = Extract<GuestRequest, { op: "call" }>;

function argument<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new KernelError("invalid_argument", `${what}: ${describeIssues(parsed.error)}`);
}

const record = z.record(z.string(), z.unknown());
const budgetOptions = z
  .strictObject({ token_budget: z.number().int().positive().optional(), provider: z.string().optional() })
  .optional();

/** The open executions of one sandboxed orchestrator. */
export class ExecutionTable {
  readonly #open = new Map<string, ExecutionObjects>();
  #next = 0;

  /** Opens an execution and returns its id. */
  open(objects: ExecutionObjects): string {
    this.#next += 1;
    const id = `execution-${this.#next}`;
    this.#open.set(id, objects);
    return id;
  }

  /** Closes an execution: later calls naming it are refused. */
  close(id: string): void {
    this.#open.delete(id);
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
    try {
      return normalizeToolResult(await tool.execute(input, signal ? { signal } : {}), tool.name);
    } catch (error) {
      return normalizeToolResult({ success: false, error: { message: String(error) } }, tool.name);
    }
  }
}

async function callContext(objects: ExecutionObjects, request: CallRequest, where: string): Promise<unknown> {
  const context = objects.context;
  const [first] = request.args;
  switch (request.method) {
    case "add_message":
      return context.add_message(argument(messageSchema, first, where));
    case "get_messages":
      return context.get_messages();
    case "set_messages":
      return context.set_messages(argument(z.array(messageSchema), first, where));
    case "clear":
      return context.clear();
    case "get_messages_for_request": {
      const options = argument(budgetOptions, first, where);
      const wanted = options?.provider;
      const provider =
        wanted === undefined
          ? undefined
          : (objects.providers[wanted] ?? Object.values(objects.providers).find((item) => item.name === wanted));
      return context.get_messages_for_request({
        ...(options?.token_budget === undefined ? {} : { token_budget: options.token_budget }),
        ...(provider ? { provider } : {}),
      });
    }
    default:
      throw new KernelError("invalid_argument", `${where}: not a context method`);
  }
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
