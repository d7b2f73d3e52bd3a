/**
 * The MessageStore contract in real workerd: the Durable Object store in the Worker's SessionObject
 * (SQLite storage), and the KV store on the ARCHIVE namespace.
 */
import { env } from "cloudflare:workers";
import { createKvStore } from "../../../src/storage/index.ts";
import { messageStoreContract } from "../../contracts/message-store.ts";
import { faultCounter, faultyKv } from "../../contracts/message-store-fault-edge.ts";
import { freshSessionObject, storeInDurableObject } from "./durable-object-harness.ts";

messageStoreContract({
  name: "durable-object (workerd SQLite)",
  durable: true,
  sharedWriters: true,
  faults: true,
  open: async (options) => {
    const stub = freshSessionObject(env);
    const counter = faultCounter();
    return {
      store: storeInDurableObject(stub, options, counter),
      faults: counter.injector,
      reopen: async (reopenOptions = options) => storeInDurableObject(stub, reopenOptions, counter),
    };
  },
});

messageStoreContract({
  name: "kv (workerd KV)",
  durable: true,
  sharedWriters: false,
  faults: true,
  open: async (options) => {
    const prefix = `contract-${crypto.randomUUID()}`;
    const { kv, faults } = faultyKv(env.ARCHIVE);
    return {
      store: createKvStore(kv, { ...options, prefix }),
      faults,
      reopen: async (reopenOptions = options) => createKvStore(kv, { ...reopenOptions, prefix }),
    };
  },
});
