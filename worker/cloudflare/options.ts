/**
 * Options of {@link createAmplifierWorker} and how they combine with the Worker's env: limits,
 * bindings, CORS origins and the names of the env values a plan may use (`${ANTHROPIC_API_KEY}`).
 */
import type { ModuleDefinition } from "../../src/contracts.ts";
import { defaultCloudflareModules } from "./default-modules.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";
import { randomId } from "./session-ids.ts";

/** The Worker's env as this service reads it: bindings by name, plus its own vars and secret. */
export type AmplifierEnv = object;

/** Options of {@link createAmplifierWorker}. */
export interface AmplifierWorkerOptions {
  /** Trusted modules a plan may name (default: the built-ins of {@link defaultCloudflareModules}). */
  readonly modules?: readonly ModuleDefinition[];
  /** The compiled QuickJS wasm for sandboxed modules (default: the release build imported as a module). */
  readonly wasmModule?: () => Promise<WebAssembly.Module>;
  /** Binding names (default `SESSIONS` for the Durable Object namespace, `ARCHIVE` for KV). */
  readonly bindings?: { readonly sessions?: string; readonly archive?: string };
  /** Largest `POST /v1/sessions` body in bytes (default 2 MiB: plans carry module sources). */
  readonly maxPlanBytes?: number;
  /** Largest body of the other routes in bytes (default 64 KiB). */
  readonly maxRequestBytes?: number;
  /** Largest `POST /v1/sessions/:id/chat` body in bytes (default 1 MiB: the AI SDK sends the whole conversation). */
  readonly maxChatBytes?: number;
  /** Prompts that may wait behind a running turn; one more is refused with 409 (default 8). */
  readonly maxQueuedPrompts?: number;
  /**
   * Origins allowed by CORS: a list, `"*"`, or none. Default: the comma-separated
   * `AMPLIFIER_CORS_ORIGINS` var; without it no CORS headers are sent.
   */
  readonly corsOrigins?: readonly string[] | "*";
  /**
   * The env values a plan's `${NAME}` may read. Default: the names in the comma-separated
   * `AMPLIFIER_PLAN_ENV` var. `AMPLIFIER_EDGE_TOKEN` is never readable by a plan.
   */
  readonly planEnv?: readonly string[] | ((env: AmplifierEnv) => Record<string, string | undefined>);
  /** Capabilities each session gets (default: `cloudflare.ai` when the Worker has an `AI` binding). */
  readonly capabilities?: (env: AmplifierEnv) => Record<string, unknown>;
  /** Makes session and approval ids; default 128 random bits. Ids must be 8–128 of `A–Z a–z 0–9 _ -`, starting with a letter or digit. */
  readonly newId?: () => string;
  /** The clock of sessions and stores. */
  readonly now?: () => Date;
  /** Keep-alive comment interval of event streams in ms (default 15 000; 0 turns it off). */
  readonly heartbeatMs?: number;
  /** The reconnection delay event streams advise clients (`retry:`), in ms (default 1 000). */
  readonly retryMs?: number;
  /**
   * How many of a session's newest turns keep their events (default 20): when a turn is created,
   * older finished turns' events and idempotency keys are deleted. The history is never touched.
   */
  readonly retainedTurns?: number;
  /** Copy a session's history to KV when it is deleted (default true). */
  readonly archiveOnDelete?: boolean;
  /** Fetch for sandboxed modules whose source is an https URL (default the global fetch). */
  readonly sourceFetch?: (url: string, init?: RequestInit) => Promise<Response>;
  /**
   * Fetch behind sandboxed modules' granted `fetch` (default the global fetch). Every request has
   * passed the module's gate first (https, granted host, no private address, credentials injected).
   */
  readonly sandboxFetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Called when each turn has ended and handed to the object's `ctx.waitUntil`, so that spans a
   * tracer provider still holds (hooks-otel's) are exported after the response has gone, e.g.
   * `flushTraces: () => provider.forceFlush()`. A failed flush is dropped: tracing never fails a turn.
   */
  readonly flushTraces?: () => Promise<void>;
}

/** The options with every default filled in (env-dependent ones are resolved per request). */
export interface ResolvedOptions {
  readonly modules: readonly ModuleDefinition[];
  readonly wasmModule: () => Promise<WebAssembly.Module>;
  readonly sessionsBinding: string;
  readonly archiveBinding: string;
  readonly maxPlanBytes: number;
  readonly maxRequestBytes: number;
  readonly maxChatBytes: number;
  readonly maxQueuedPrompts: number;
  readonly corsOrigins: AmplifierWorkerOptions["corsOrigins"];
  readonly planEnv: AmplifierWorkerOptions["planEnv"];
  readonly capabilities: (env: AmplifierEnv) => Record<string, unknown>;
  readonly newId: () => string;
  readonly now: (() => Date) | undefined;
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly retainedTurns: number;
  readonly archiveOnDelete: boolean;
  readonly sourceFetch: (url: string, init?: RequestInit) => Promise<Response>;
  readonly sandboxFetch: (url: string, init: RequestInit) => Promise<Response>;
  readonly flushTraces: (() => Promise<void>) | undefined;
}

/** Fills in the defaults. */
export function resolveOptions(options: AmplifierWorkerOptions): ResolvedOptions {
  return {
    modules: options.modules ?? defaultCloudflareModules,
    wasmModule: options.wasmModule ?? loadQuickJSWasm,
    sessionsBinding: options.bindings?.sessions ?? "SESSIONS",
    archiveBinding: options.bindings?.archive ?? "ARCHIVE",
    maxPlanBytes: options.maxPlanBytes ?? 2 * 1024 * 1024,
    maxRequestBytes: options.maxRequestBytes ?? 64 * 1024,
    maxChatBytes: options.maxChatBytes ?? 1024 * 1024,
    maxQueuedPrompts: options.maxQueuedPrompts ?? 8,
    corsOrigins: options.corsOrigins,
    planEnv: options.planEnv,
    capabilities: options.capabilities ?? defaultCapabilities,
    newId: options.newId ?? randomId,
    now: options.now,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    retryMs: options.retryMs ?? 1_000,
    retainedTurns: options.retainedTurns ?? 20,
    archiveOnDelete: options.archiveOnDelete ?? true,
    sourceFetch: options.sourceFetch ?? ((url, init) => fetch(url, init)),
    sandboxFetch: options.sandboxFetch ?? ((url, init) => fetch(url, init)),
    flushTraces: options.flushTraces,
  };
}

/** The secret that guards the API; a plan may never read it. */
export const TOKEN_NAME = "AMPLIFIER_EDGE_TOKEN";

/** A binding or var of the env by name. */
export function envValue(env: AmplifierEnv, name: string): unknown {
  return (env as Record<string, unknown>)[name];
}

/** The values a plan's `${NAME}` may read, from the Worker's env (never from anywhere else). */
export function planEnvFor(options: ResolvedOptions, env: AmplifierEnv): Record<string, string | undefined> {
  const chosen =
    typeof options.planEnv === "function"
      ? options.planEnv(env)
      : Object.fromEntries(
          (options.planEnv ?? listVar(envValue(env, "AMPLIFIER_PLAN_ENV"))).map((name) => {
            const value = envValue(env, name);
            return [name, typeof value === "string" ? value : undefined];
          }),
        );
  const { [TOKEN_NAME]: _token, ...allowed } = chosen;
  return allowed;
}

/** The CORS origins in effect: the option, else the `AMPLIFIER_CORS_ORIGINS` var. */
export function corsOriginsFor(options: ResolvedOptions, env: AmplifierEnv): readonly string[] | "*" {
  if (options.corsOrigins !== undefined) return options.corsOrigins;
  const listed = listVar(envValue(env, "AMPLIFIER_CORS_ORIGINS"));
  return listed.includes("*") ? "*" : listed;
}

function listVar(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function defaultCapabilities(env: AmplifierEnv): Record<string, unknown> {
  const ai = envValue(env, "AI");
  return ai === undefined ? {} : { "cloudflare.ai": ai };
}
