/**
 * The MessageStore contract suite: one suite, run against every store in its own runtime
 * (memory and fake-indexeddb in node, IndexedDB in Chromium, Durable Object storage and KV in workerd).
 */
import { describe } from "vitest";
import { durabilityContract } from "./message-store-durability.ts";
import { faultsContract } from "./message-store-faults.ts";
import type { StoreSubject } from "./message-store-harness.ts";
import { historyContract } from "./message-store-history.ts";
import { sessionsContract } from "./message-store-sessions.ts";

export type { FaultInjector, FaultKind, OpenStore, StoreHarness, StoreSubject } from "./message-store-harness.ts";

/** Registers the whole MessageStore contract for one store. */
export function messageStoreContract(subject: StoreSubject): void {
  describe(`MessageStore contract: ${subject.name}`, () => {
    historyContract(subject.open);
    sessionsContract(subject.open);
    durabilityContract(subject);
    faultsContract(subject);
  });
}
