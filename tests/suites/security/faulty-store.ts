/**
 * A MessageStore that fails on demand: the nth append from now throws `storage_failed` (nothing is
 * written, as the contract says of a failed write). It records every append that resolved, so a
 * test can check that a resumed session holds exactly those messages, each once.
 */
import { KernelError } from "../../../src/errors.ts";
import type { Message } from "../../../src/index.ts";
import type { MessageStore } from "../../../src/storage/index.ts";

/** A store with a fault switch and a record of what it acknowledged. */
export interface FaultyStore {
  readonly store: MessageStore;
  /** Messages whose append resolved, in order (what the contract calls durable). */
  readonly acknowledged: Message[];
  /** Fails the `nth` append from now (1 = the next one). */
  failAppend(nth: number): void;
  /** True once the armed fault fired. */
  readonly fired: boolean;
}

/** Wraps `inner` with an append fault switch. */
export function faultyStore(inner: MessageStore): FaultyStore {
  const acknowledged: Message[] = [];
  let countdown = 0;
  let fired = false;
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== "append") {
        const value = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async (sessionId: string, message: Message, options?: Parameters<MessageStore["append"]>[2]) => {
        if (countdown > 0) {
          countdown -= 1;
          if (countdown === 0) {
            fired = true;
            throw new KernelError("storage_failed", "injected fault: the disk is full");
          }
        }
        const sequence = await target.append(sessionId, message, options);
        acknowledged.push(structuredClone(message));
        return sequence;
      };
    },
  });
  return {
    store,
    acknowledged,
    failAppend(nth) {
      countdown = nth;
      fired = false;
    },
    get fired() {
      return fired;
    },
  };
}
