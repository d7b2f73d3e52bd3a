/**
 * Checks the tool-call pairing invariant of a stored conversation: every assistant tool call is
 * followed by exactly one tool message for it, in call order, before the next assistant message,
 * and no tool message answers a call that was never made.
 */
import type { Message } from "../models/index.ts";

/** One broken pairing. */
export interface PairingProblem {
  index: number;
  problem: string;
}

/** The pairing problems of `messages` (empty when the invariant holds). */
export function findToolPairingProblems(messages: readonly Message[]): PairingProblem[] {
  const problems: PairingProblem[] = [];
  let expected: string[] = [];
  let expectedFrom = -1;
  const closeTurn = (index: number) => {
    if (expected.length > 0) {
      problems.push({
        index,
        problem: `missing tool results for ${expected.join(", ")} (assistant message ${expectedFrom})`,
      });
    }
    expected = [];
  };
  messages.forEach((message, index) => {
    if (message.role === "tool") {
      const id = message.tool_call_id;
      if (id === undefined) problems.push({ index, problem: "tool message without tool_call_id" });
      else if (expected[0] === id) expected.shift();
      else if (expected.includes(id)) {
        problems.push({ index, problem: `tool result ${id} out of call order (expected ${expected[0]})` });
        expected = expected.filter((candidate) => candidate !== id);
      } else problems.push({ index, problem: `tool result ${id} answers no pending call` });
      return;
    }
    closeTurn(index);
    if (message.role === "assistant" && message.tool_calls?.length) {
      expected = message.tool_calls.map((call) => call.id);
      expectedFrom = index;
    }
  });
  closeTurn(messages.length);
  return problems;
}
