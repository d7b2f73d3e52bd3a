/**
 * Deterministic agent-session histories for the compaction benchmark: a system prompt, then turns
 * of a user request, assistant messages with tool calls, their results (a fifth of them large),
 * and an answer.
 */
import type { Message } from "../../src/models/index.ts";

/** A small seeded generator (xorshift32), so every run builds the same history. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

const VOCABULARY = "the build test file error fix cache module tool model token review deploy change line value".split(
  " ",
);

function sentence(next: () => number, words: number): string {
  const out: string[] = [];
  for (let index = 0; index < words; index += 1) out.push(VOCABULARY[Math.floor(next() * VOCABULARY.length)]!);
  return out.join(" ");
}

/** Exactly `count` messages, tool calls always paired with their results. */
export function agentHistory(count: number, seed = 11): Message[] {
  const next = generator(seed);
  const messages: Message[] = [{ role: "system", content: "You are a careful coding agent." }];
  let callNumber = 0;
  while (messages.length < count) {
    messages.push({ role: "user", content: sentence(next, 8 + Math.floor(next() * 40)) });
    const rounds = Math.floor(next() * 3);
    for (let round = 0; round < rounds; round += 1) {
      const calls = 1 + Math.floor(next() * 2);
      if (messages.length + calls + 2 > count) break;
      const ids: string[] = [];
      for (let call = 0; call < calls; call += 1) {
        callNumber += 1;
        ids.push(`call_${callNumber}`);
      }
      messages.push({
        role: "assistant",
        content: [{ type: "text", text: sentence(next, 6) }],
        tool_calls: ids.map((id) => ({ id, tool: "read_file", arguments: { path: `src/${id}.ts` } })),
      });
      for (const id of ids) {
        const words = next() < 0.2 ? 300 + Math.floor(next() * 900) : 10 + Math.floor(next() * 50);
        messages.push({ role: "tool", tool_call_id: id, name: "read_file", content: sentence(next, words) });
      }
    }
    if (messages.length < count)
      messages.push({ role: "assistant", content: [{ type: "text", text: sentence(next, 15) }] });
  }
  return messages.slice(0, count);
}

/** The kernel's estimate of a history's tokens (JSON characters / 4 per message). */
export function estimatedTokens(messages: readonly Message[]): number {
  return messages.reduce((sum, message) => sum + Math.ceil(JSON.stringify(message).length / 4), 0);
}
