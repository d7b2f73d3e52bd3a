/**
 * Contract: injected faults in the store's handle (full disk, aborted transaction, a crash between
 * the assistant message and its tool results) leave a history that loads and repairs cleanly.
 *
 * The crash-point tests fail the 1st, 2nd, 3rd... write an operation makes, until the operation
 * makes fewer writes than that, and check after each failure that nothing changed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.ts";
import { type MessageStore, resumeSession } from "../../src/storage/index.ts";
import {
  eventRecorder,
  type FaultInjector,
  type FaultKind,
  manualClock,
  messagesOf,
  type StoreHarness,
  type StoreSubject,
  sample,
} from "./message-store-harness.ts";

type Snapshot = Awaited<ReturnType<typeof snapshotOf>>;

async function snapshotOf(store: MessageStore, sessionId: string) {
  return {
    history: await store.load(sessionId),
    session: (await store.getSession(sessionId)) ?? null,
    values: await store.listValues(sessionId),
  };
}

/** Registers the fault part of the contract (only for subjects whose handle can fail). */
export function faultsContract(subject: StoreSubject): void {
  if (!subject.faults) return;

  describe("faults", () => {
    let harness: StoreHarness;
    let store: MessageStore;
    let faults: FaultInjector;
    const clock = manualClock();
    const recorder = eventRecorder();

    beforeEach(async () => {
      recorder.events.length = 0;
      harness = await subject.open({ now: clock.now, onEvent: recorder.onEvent });
      store = harness.store;
      if (harness.faults === undefined) throw new Error(`${subject.name} promised a fault injector`);
      faults = harness.faults;
    });
    afterEach(async () => {
      faults.reset();
      await store.close();
      await harness.dispose?.();
    });

    /** Fails write 1, 2, 3... of `operation` on fresh sessions; checks the outcome of each attempt. */
    async function everyCrashPoint(
      kind: FaultKind,
      setup: (sessionId: string) => Promise<void>,
      operation: (sessionId: string) => Promise<unknown>,
      onFailure: (sessionId: string, before: Snapshot, after: Snapshot) => Promise<void> | void = (_, before, after) =>
        expect(after).toEqual(before),
    ): Promise<number> {
      for (let nth = 1; nth <= 40; nth += 1) {
        const sessionId = `crash-${kind}-${nth}`;
        await setup(sessionId);
        clock.advance();
        const before = await snapshotOf(store, sessionId);
        faults.failWrite(nth, kind);
        const error = await operation(sessionId).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        const fired = faults.fired;
        faults.reset();
        if (error !== undefined) {
          expect(KernelError.is(error, "storage_failed"), String(error)).toBe(true);
          await onFailure(sessionId, before, await snapshotOf(store, sessionId));
        }
        if (!fired) return nth;
      }
      throw new Error("the operation kept writing after 40 injected faults");
    }

    const three = async (sessionId: string) => {
      await store.append(sessionId, sample.user("one"));
      await store.append(sessionId, sample.assistant("two"));
      await store.append(sessionId, sample.user("three"));
      await store.setValue(sessionId, "kept", { a: 1 });
    };
    const nothing = async () => {};

    for (const kind of ["abort", "quota"] as const) {
      it(`an append that fails at any write (${kind}) leaves the history as it was, then continues without a gap`, async () => {
        const points = await everyCrashPoint(kind, three, (id) => store.append(id, sample.user("four")));
        expect(points).toBeGreaterThan(1);
        expect(await store.append(`crash-${kind}-1`, sample.user("four"))).toBe(4);
        expect((await store.load(`crash-${kind}-1`)).map((record) => record.seq)).toEqual([1, 2, 3, 4]);
      });
    }

    it("the first append of a session that fails at any write leaves no session behind", async () => {
      const points = await everyCrashPoint("abort", nothing, (id) => store.append(id, sample.user("first")));
      expect((await store.listSessions()).map((session) => session.sessionId)).toEqual([`crash-abort-${points}`]);
    });

    it("a replace that fails at any write keeps the old history whole", async () => {
      const points = await everyCrashPoint("abort", three, (id) =>
        store.replace(id, [sample.system, sample.user("new 1"), sample.assistant("new 2")]),
      );
      expect(points).toBeGreaterThan(1);
    });

    it("a clear, a title or a value that fails at any write changes nothing", async () => {
      await everyCrashPoint("abort", three, (id) => store.clear(id));
      await everyCrashPoint("abort", three, (id) => store.setTitle(id, "New title"));
      await everyCrashPoint("abort", three, (id) => store.setValue(id, "kept", { a: 2 }));
    });

    it("a delete that fails leaves the history whole or gone, never cut, and a retry finishes it", async () => {
      await everyCrashPoint(
        "abort",
        three,
        (id) => store.deleteSession(id),
        async (id, before, after) => {
          expect([before.history, []]).toContainEqual(after.history);
          await store.deleteSession(id);
          expect(await snapshotOf(store, id)).toEqual({ history: [], session: null, values: {} });
        },
      );
    });

    it("reports a full disk as storage_failed with reason quota_exceeded and a storage:failed event", async () => {
      await store.append("s1", sample.user("one"));
      faults.failWrite(1, "quota");
      const error = await store.append("s1", sample.user("two")).catch((caught: unknown) => caught);
      expect(KernelError.is(error, "storage_failed")).toBe(true);
      expect((error as KernelError).data).toMatchObject({
        operation: "append",
        session_id: "s1",
        reason: "quota_exceeded",
      });
      expect((error as KernelError).message).toMatch(/free space/);
      expect(recorder.events).toEqual([
        {
          event: "storage:failed",
          data: expect.objectContaining({
            session_id: "s1",
            operation: "append",
            error: (error as KernelError).toData(),
          }),
        },
      ]);
      faults.reset();
      expect(await store.append("s1", sample.user("two"))).toBe(2);
    });

    it("aborts between messages: what resolved stays, what failed is absent, numbering goes on", async () => {
      const texts = ["m1", "m2", "m3", "m4", "m5"];
      const results: (number | string)[] = [];
      for (const [index, text] of texts.entries()) {
        if (index === 2) faults.failWrite(1, "abort");
        results.push(await store.append("s1", sample.user(text)).catch((error: KernelError) => error.code));
      }
      expect(results).toEqual([1, 2, "storage_failed", 3, 4]);
      expect((await messagesOf(store, "s1")).map((message) => message.content)).toEqual(["m1", "m2", "m4", "m5"]);
    });

    it("a crash after the assistant message and before its tool results loads and repairs cleanly", async () => {
      await store.append("s1", sample.user("what is 6*7 and 2+2?"));
      await store.append("s1", sample.toolCall(["call_1", "call_2"]));
      faults.failWrite(1, "abort");
      await expect(store.append("s1", sample.toolResult("call_1"))).rejects.toSatisfy((error) =>
        KernelError.is(error, "storage_failed"),
      );
      faults.reset();
      let resumedFrom = store;
      if (harness.reopen !== undefined) {
        await store.close();
        store = await harness.reopen({ now: clock.now });
        resumedFrom = store;
      }
      const resumed = await resumeSession(resumedFrom, "s1");
      expect(resumed.report?.orphaned_tool_calls.map((call) => call.tool_call_id)).toEqual(["call_1", "call_2"]);
      const history = await messagesOf(store, "s1");
      expect(history).toEqual(resumed.messages);
      expect(history.map((message) => message.role)).toEqual(["user", "assistant", "tool", "tool", "assistant"]);
    });
  });
}
