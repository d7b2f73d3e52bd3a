/**
 * A live kernel session inside its Durable Object: built from the stored plan (sources restored
 * from KV, `${NAME}` from the Worker's env), with the history in the object's store, sandboxes
 * from the one composition (inline: Workers have no threads; the platform's CPU limit is the outer
 * bound), approvals answered over HTTP, every kernel event forwarded to the event stream of
 * the turn that is running, and the session's tools served over MCP.
 */

import type { Sandboxes } from "../../sandbox/create-sandboxes.ts";
import { mcpNetwork } from "../../sandbox/kernel/capabilities/granted-fetch.ts";
import type { ModuleDefinition } from "../../src/contracts.ts";
import { createMcpEndpoint, type McpEndpoint } from "../../src/mcp-serve/index.ts";
import { withToolMcp } from "../../src/modules/index.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";
import { createSession, type Session } from "../../src/session.ts";
import type { MessageStore } from "../../src/storage/index.ts";
import { ApprovalBroker } from "./approvals.ts";
import { durableContexts } from "./durable-contexts.ts";
import { cloudflareSandboxes } from "./sandboxes.ts";

/** What a runtime is built from. */
export interface SessionRuntimeOptions {
  readonly sessionId: string;
  /** The plan with its sources restored (still with `${NAME}` references). */
  readonly plan: Record<string, unknown>;
  readonly store: MessageStore;
  /** True when the store already holds history: the first turn emits `session:resume`. */
  readonly resumed: boolean;
  readonly modules: readonly ModuleDefinition[];
  readonly wasmModule: WebAssembly.Module;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly newId: () => string;
  readonly now: (() => Date) | undefined;
  readonly sourceFetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The fetch sandboxed modules' granted requests go through (default the Worker's). */
  readonly sandboxFetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Largest request body of the MCP endpoint, in bytes. */
  readonly maxMcpRequestBytes: number;
}

/** One kernel session, its approvals and its MCP endpoint. */
export class SessionRuntime implements AsyncDisposable {
  readonly session: Session;
  readonly approvals: ApprovalBroker;
  /** The session's tools as an MCP server (`/v1/sessions/:id/mcp`); its client sessions live as long as this object. */
  readonly mcp: McpEndpoint;
  readonly #sandboxes: Sandboxes;
  #sink: ((name: string, data: unknown) => void) | undefined;

  /**
   * Builds the session (modules mount on the first turn).
   *
   * @throws KernelError `invalid_plan` when the stored plan no longer validates (e.g. an env value was removed).
   */
  constructor(options: SessionRuntimeOptions) {
    this.approvals = new ApprovalBroker({ newId: options.newId });
    const contexts = durableContexts(options.store);
    const contextIds = new Set(contexts.map((module) => module.id));
    this.#sandboxes = cloudflareSandboxes({
      wasmModule: options.wasmModule,
      env: options.env,
      store: options.store,
      ...(options.sandboxFetch === undefined ? {} : { capabilities: { fetch: options.sandboxFetch } }),
      fetchSource: options.sourceFetch,
    });
    // The stored plan was checked when the session was created; createSession parses it again.
    this.session = createSession(options.plan as MountPlanInput, {
      // MCP servers' connections go through the same gate as sandboxed modules' fetch (no stdio on Workers).
      modules: withToolMcp([...options.modules.filter((module) => !contextIds.has(module.id)), ...contexts], {
        network: mcpNetwork({ fetch: options.sandboxFetch, secrets: (name) => options.env[name] }),
        runtime: "Cloudflare Workers",
      }),
      sandbox: this.#sandboxes.loader,
      approval: this.approvals,
      store: options.store,
      sessionId: options.sessionId,
      resumed: options.resumed,
      env: options.env,
      capabilities: options.capabilities,
      newId: options.newId,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.mcp = createMcpEndpoint(this.session, { maxRequestBytes: options.maxMcpRequestBytes, newId: options.newId });
    const hooks = this.session.coordinator.hooks;
    this.approvals.connect((event, data) => hooks.emit(event, data));
    // Every event, modules' own included, as it is emitted.
    hooks.observe((name, data) => this.#sink?.(name, data));
  }

  /**
   * Runs one turn, handing each of its events to `sink`, and returns the answer.
   *
   * @throws KernelError from `session.execute` (`cancelled`, `no_provider`, `execution_failed`, ...).
   */
  async runTurn(prompt: string, sink: (name: string, data: unknown) => void, signal: AbortSignal): Promise<string> {
    this.#sink = sink;
    try {
      return await this.session.execute(prompt, { signal });
    } finally {
      this.#sink = undefined;
      this.approvals.settleAll("deny");
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.approvals.settleAll("deny");
    try {
      await this.mcp[Symbol.asyncDispose]();
      await this.session.cleanup();
    } finally {
      await this.#sandboxes[Symbol.asyncDispose]();
    }
  }
}
