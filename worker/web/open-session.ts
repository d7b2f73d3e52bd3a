/**
 * Builds one LiveSession in the worker: the kernel session from the plan, with the host's
 * trusted modules, the session's own sandboxes, the store, and the page's approval and display.
 */

import type { ModuleDefinition, ModuleRegistry } from "../../src/contracts.ts";
import { builtinModules, withToolMcp } from "../../src/modules/index.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";
import { createSession, type Session } from "../../src/session.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { EventForwarder } from "./event-forwarder.ts";
import type { HostResources } from "./host-resources.ts";
import { LiveSession } from "./live-session.ts";
import { PageApproval } from "./page-approval.ts";
import type { PageCallbacks } from "./protocol.ts";
import { markTurnEnded, markTurnRunning } from "./session-archive.ts";

/** What every session of a host shares. */
export interface SessionFactoryContext {
  readonly resources: HostResources;
  readonly store: MessageStore;
  readonly modules: ModuleRegistry | readonly ModuleDefinition[] | undefined;
  readonly page: () => PageCallbacks | undefined;
  readonly now: () => Date;
  readonly newId: () => string;
}

/** What differs per session. */
export interface SessionRequest {
  readonly id: string;
  readonly plan: string | object;
  readonly env: Readonly<Record<string, string>> | undefined;
  readonly resumed: boolean;
}

/**
 * Creates the session (not yet mounted: call `open()`).
 * @throws KernelError `invalid_plan` naming the path of each problem.
 */
export async function openLiveSession(context: SessionFactoryContext, request: SessionRequest): Promise<LiveSession> {
  const { id, env } = request;
  const forwarder = new EventForwarder(id, context.page);
  let live: LiveSession | undefined;
  const approval = new PageApproval({
    sessionId: id,
    page: context.page,
    turn: () => live?.turn,
    newId: context.newId,
  });
  const sandboxes = context.resources.sandboxes(env);
  let session: Session;
  try {
    // The page's plan is data from another realm: createSession parses and checks it.
    session = createSession(request.plan as MountPlanInput, {
      modules: withToolMcp(context.modules ?? builtinModules, context.resources.toolMcpOptions(env)),
      sandbox: sandboxes.loader,
      store: context.store,
      approval,
      display: {
        show_message: (message, level, source) =>
          forwarder.push("display:message", { message, level, source }, live?.turn),
      },
      sessionId: id,
      resumed: request.resumed,
      now: context.now,
      ...(env === undefined ? {} : { env }),
    });
  } catch (error) {
    await sandboxes[Symbol.asyncDispose]();
    throw error;
  }
  const { store, now } = context;
  const turnNote = {
    running: (prompt: string) => markTurnRunning(store, id, { prompt, started_at: now().toISOString() }),
    ended: () => markTurnEnded(store, id),
  };
  live = new LiveSession({ session, approval, forwarder, sandboxes, now, newId: context.newId, turnNote });
  return live;
}
