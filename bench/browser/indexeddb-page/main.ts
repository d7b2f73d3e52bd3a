/** The IndexedDB bench page: the real store (`createIndexedDBStore`) in a Chromium tab. */
import type { Message } from "../../../src/models/index.ts";
import { createIndexedDBStore } from "../../../src/storage/index.ts";
import type { StoreBenchApi } from "./api.ts";

const store = await createIndexedDBStore(indexedDB, { name: `amplifier-edge-bench-${Date.now()}` });
let sessions = 0;

/** A message shaped like a turn of an agent session (~300 bytes of JSON). */
function messageAt(index: number): Message {
  if (index % 3 === 0) return { role: "user", content: `Request ${index}: please check the build and fix what fails.` };
  if (index % 3 === 1) {
    return {
      role: "assistant",
      content: [{ type: "text", text: `Reading the file for request ${index - 1}.` }],
      tool_calls: [{ id: `call_${index}`, tool: "read_file", arguments: { path: `src/file-${index}.ts` } }],
    };
  }
  return {
    role: "tool",
    tool_call_id: `call_${index - 1}`,
    name: "read_file",
    content: `export const value${index} = ${index};`,
  };
}

const api: StoreBenchApi = {
  async append(count) {
    sessions += 1;
    const sessionId = `bench-session-${sessions}`;
    const appendMicros: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const started = performance.now();
      await store.append(sessionId, messageAt(index));
      appendMicros.push((performance.now() - started) * 1000);
    }
    return { sessionId, appendMicros };
  },
  async load(sessionId, times) {
    const loadMillis: number[] = [];
    let loaded = 0;
    for (let index = 0; index < times; index += 1) {
      const started = performance.now();
      loaded = (await store.load(sessionId)).length;
      loadMillis.push(performance.now() - started);
    }
    return { loadMillis, loaded };
  },
};
window.storeBench = api;

const status = document.querySelector("#status");
if (status !== null) status.textContent = "ready";
