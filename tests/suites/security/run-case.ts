/**
 * Runs one corpus case in a real session and checks, besides what its header expects, that the
 * attack was contained: no host exception, the hostile module reported with the right code, the
 * host and a fresh sandbox alive, the witness module unaffected, the session history intact and
 * still answering, nothing fetched that the case did not expect, no credential anywhere visible.
 */
import type { CapabilityHost } from "../../../sandbox/kernel/capabilities/capability-gate.ts";
import type { EngineObserver } from "../../../sandbox/protocol.ts";
import type { SandboxLoader } from "../../../src/contracts.ts";
import { createSession, type Message, type Session } from "../../../src/index.ts";
import { createMemoryStore } from "../../../src/storage/index.ts";
import { CaseChecks } from "./case-checks.ts";
import { type CorpusCase, NO_ANSWER } from "./corpus-case.ts";
import { ANSWERS, corpusPlan, HOSTILE_IDS, TURNS, WITNESS_ID } from "./corpus-plan.ts";
import { CORPUS_SECRETS, FakeNetwork } from "./fake-network.ts";
import { assertEngineAlive, hostChanges, secretLeaks, snapshotHost } from "./host-invariants.ts";
import { corpusModules } from "./model-input.ts";

/** The capabilities a case's sandboxes get: the fake network with tight limits, and the corpus's secrets by name. */
export interface CorpusCapabilities {
  readonly gates: Omit<CapabilityHost, "secrets" | "store">;
  readonly secrets: Readonly<Record<string, string>>;
}

/** Sandboxes as a runtime ships them, built for one case. */
export interface ShippedSandboxes extends AsyncDisposable {
  readonly loader: SandboxLoader;
}

/**
 * What a runtime gives the corpus: the sandbox composition that runtime ships (the CLI's in node,
 * the web worker host's in Chromium, the Cloudflare session's in workerd), built with the case's
 * fake network and secrets.
 */
export interface SecurityEnvironment {
  readonly runtime: "node" | "chromium" | "workerd";
  readonly wasmModule: WebAssembly.Module;
  sandboxes(capabilities: CorpusCapabilities, observer: EngineObserver): Promise<ShippedSandboxes>;
}

/** What one case showed (the table counts these). */
export interface CaseReport {
  readonly file: string;
  readonly category: string;
  readonly runtime: SecurityEnvironment["runtime"];
  readonly killed: readonly string[];
  readonly violations: readonly string[];
}

/** One observed event. */
export interface ObservedEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

const CLOCK = () => new Date("2026-01-01T00:00:00.000Z");

/** Runs `corpusCase`; resolves with its report or rejects listing every check that failed. */
export async function runCorpusCase(environment: SecurityEnvironment, corpusCase: CorpusCase): Promise<CaseReport> {
  const hostBefore = snapshotHost();
  const network = new FakeNetwork();
  const asked: string[] = [];
  let created = 0;
  let disposed = 0;
  const sandboxes = await environment.sandboxes(
    { gates: { fetch: network.fetch, fetchTimeoutMs: 500, maxRedirects: 3 }, secrets: CORPUS_SECRETS },
    {
      onCreated: () => {
        created += 1;
      },
      onDisposed: () => {
        disposed += 1;
      },
    },
  );
  let ids = 0;
  const session = createSession(corpusPlan(corpusCase) as never, {
    modules: corpusModules,
    sandbox: sandboxes.loader,
    sessionId: `corpus-${corpusCase.file}`,
    store: createMemoryStore(),
    now: CLOCK,
    newId: () => `id-${++ids}`,
    approval: {
      async request_approval(prompt) {
        asked.push(prompt);
        // Nobody answers: the asker's own timeout must decide.
        if (corpusCase.approval === NO_ANSWER) return new Promise<string>(() => {});
        return corpusCase.approval;
      },
    },
  });
  const events: ObservedEvent[] = [];
  const listeners = new Set<() => void>();
  session.coordinator.hooks.observe((event, data) => {
    events.push({ event, data });
    for (const listener of listeners) listener();
  });
  /**
   * A kill for CPU spent with no call in flight lands when the guest runs, not when a turn ends:
   * waits (at most 30 s) until the hostile module's expected kills were reported.
   */
  const killsReported = (count: number) =>
    new Promise<void>((resolve) => {
      const killed = () =>
        events.filter((item) => item.event === "sandbox:killed" && item.data.module === HOSTILE_IDS[corpusCase.kind])
          .length;
      const timer = setTimeout(done, 30_000);
      function done() {
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      }
      function check() {
        if (killed() >= count) done();
      }
      listeners.add(check);
      check();
    });
  const checks = new CaseChecks(corpusCase, events);
  try {
    await session.initialize();
    checks.mount(session.status().failedModules, HOSTILE_IDS[corpusCase.kind]);
    checks.toolsMounted(session.status().mounted.tools);
    const before = await turn(session, TURNS.before);
    checks.answered(
      "the before turn",
      before,
      corpusCase.kind === "tool" || corpusCase.kind === "hook" ? ANSWERS.before : undefined,
    );
    const history = await messages(session);
    const witnessBefore = await checks.witness(session, "before the attack");

    const attackFrom = events.length;
    const attack = await turn(session, TURNS.attack);
    checks.attackTurn(attack);
    const afterAttack = await messages(session);
    checks.history("the attack turn", history, afterAttack);
    checks.transcript(afterAttack.slice(history.length));
    checks.hostileTool(events.slice(attackFrom));

    const changes = hostChanges(hostBefore, snapshotHost());
    if (changes.length > 0) checks.fail(`the host changed: ${changes.join("; ")}`);
    await assertEngineAlive(environment.wasmModule).catch((error) => checks.fail(`engine: ${String(error)}`));

    const witnessAfter = await checks.witness(session, "after the attack");
    if (witnessBefore !== undefined && witnessAfter !== undefined && witnessAfter <= witnessBefore) {
      checks.fail(`the witness lost its state: ${witnessAfter} calls counted after ${witnessBefore}`);
    }
    const after = await turn(session, TURNS.after);
    checks.answered(
      "the after turn",
      after,
      corpusCase.kind === "tool" || corpusCase.kind === "hook" ? ANSWERS.after : undefined,
    );
    const final = await messages(session);
    checks.history("the after turn", afterAttack, final);

    await killsReported(corpusCase.expect.killed.length);
    checks.lifecycle(HOSTILE_IDS[corpusCase.kind], WITNESS_ID);
    checks.network(network.requests);
    checks.approvals(asked);
    checks.warnings(session.status().warnings.map((warning) => warning.code));
    // The credential may go to api.example.com only, in its header; nowhere else, in nothing else.
    const elsewhere = network.requests.filter((request) => new URL(request.url).hostname !== "api.example.com");
    const bodies = network.requests.map((request) => request.body);
    const observable = { events, messages: final, before, attack, after, status: session.status(), elsewhere, bodies };
    const leaks = secretLeaks(observable);
    if (leaks.length > 0) checks.fail(`the credential leaked into ${leaks.join(", ")}`);
  } catch (error) {
    checks.fail(`the host threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await session.cleanup();
    await sandboxes[Symbol.asyncDispose]();
  }
  if (created !== disposed) checks.fail(`${created - disposed} sandbox instance(s) were never disposed`);
  return checks.report(environment.runtime);
}

/** A turn's outcome: its answer, or the error it rejected with (never thrown past here). */
export type TurnOutcome = { readonly answer: string } | { readonly error: { code?: string; message: string } };

async function turn(session: Session, prompt: string): Promise<TurnOutcome> {
  try {
    return { answer: await session.execute(prompt) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    return { error: typeof code === "string" ? { code, message } : { message } };
  }
}

async function messages(session: Session): Promise<Message[]> {
  const context = session.coordinator.get("context");
  if (!context) throw new Error("no context is mounted");
  return structuredClone(await context.get_messages());
}
