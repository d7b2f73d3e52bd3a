/** Deterministic conversation histories of any length, shaped like real agent sessions. */
import type { Message } from "../../../src/models/index.ts";

/** A small seeded PRNG (mulberry32), so every run generates the same history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = "alpha beta gamma delta build test deploy file read write error retry cache token model tool".split(" ");

function words(random: () => number, count: number): string {
  const out: string[] = [];
  for (let index = 0; index < count; index++) out.push(WORDS[Math.floor(random() * WORDS.length)]!);
  return out.join(" ");
}

/**
 * A history of exactly `count` messages: a system prompt, then turns of a user message, assistant
 * messages with one to three tool calls and their (sometimes large) results, and an answer. Each
 * message carries its position in `metadata.n`, so tests can check the order of a view.
 */
export function generateHistory(count: number, seed = 7): Message[] {
  const random = seededRandom(seed);
  const messages: Message[] = [{ role: "system", content: "You are a careful coding agent." }];
  let call = 0;
  let turn = 0;
  while (messages.length < count) {
    turn++;
    messages.push({ role: "user", content: `Turn ${turn}: ${words(random, 5 + Math.floor(random() * 60))}` });
    const steps = Math.floor(random() * 3);
    for (let step = 0; step < steps && messages.length < count - 4; step++) {
      const calls = 1 + Math.floor(random() * 3);
      if (messages.length + 1 + calls >= count) break;
      const ids = Array.from({ length: calls }, () => `call_${++call}`);
      messages.push({
        role: "assistant",
        content: [{ type: "text", text: words(random, 8) }],
        tool_calls: ids.map((id) => ({ id, tool: "read_file", arguments: { file_path: `src/${id}.ts` } })),
      });
      for (const id of ids) {
        const size = random() < 0.2 ? 400 + Math.floor(random() * 1200) : 10 + Math.floor(random() * 60);
        messages.push({ role: "tool", tool_call_id: id, name: "read_file", content: words(random, size) });
      }
    }
    if (messages.length < count)
      messages.push({ role: "assistant", content: [{ type: "text", text: words(random, 20) }] });
  }
  return messages.slice(0, count).map((message, index) => ({ ...message, metadata: { n: index } }));
}
