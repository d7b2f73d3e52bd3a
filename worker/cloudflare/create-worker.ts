/**
 * `createAmplifierWorker`: the whole Cloudflare service from options, so an application can build
 * its own Worker (its own modules, limits, bindings) and export the two things Cloudflare needs.
 */
import type { Hono } from "hono";
import { createApp } from "./app.ts";
import { type AmplifierEnv, type AmplifierWorkerOptions, resolveOptions } from "./options.ts";
import { createSessionObjectClass, type SessionObjectClass } from "./session-object.ts";

/** What {@link createAmplifierWorker} returns. */
export interface AmplifierWorker {
  /** The Worker's fetch handler (export it as `default { fetch }`). */
  readonly fetch: (request: Request, env: AmplifierEnv, context?: ExecutionContext) => Promise<Response>;
  /** The Durable Object class; export it under the `class_name` of the SESSIONS binding. */
  readonly SessionObject: SessionObjectClass;
  /** The hono app, to mount under another app or to add routes to. */
  readonly app: Hono<{ Bindings: AmplifierEnv }>;
}

/**
 * Builds the Worker and its session Durable Object class.
 *
 * @example
 * // worker.ts (wrangler.toml: a SESSIONS Durable Object binding with class_name "SessionObject",
 * // an ARCHIVE KV binding, and the AMPLIFIER_EDGE_TOKEN secret)
 * import { createAmplifierWorker, defaultCloudflareModules } from "amplifier-edge/cloudflare";
 * const worker = createAmplifierWorker({ modules: [...defaultCloudflareModules, myTool] });
 * export class SessionObject extends worker.SessionObject {}
 * export default { fetch: worker.fetch };
 */
export function createAmplifierWorker(options: AmplifierWorkerOptions = {}): AmplifierWorker {
  const resolved = resolveOptions(options);
  const app = createApp(resolved);
  return {
    fetch: async (request, env, context) => app.fetch(request, env, context),
    SessionObject: createSessionObjectClass(resolved),
    app,
  };
}
