/**
 * `context.compact_ms.10k` / `.100k`: `get_messages_for_request` of `context-simple` over a
 * history of 10,000 / 100,000 messages whose budget forces compaction (45% of its tokens). Before
 * each timed call one message is added, as a turn would, so the view is computed again (the
 * context caches a view until the history changes).
 */
import type { ContextManager } from "../../src/contracts.ts";
import { ModuleCoordinator } from "../../src/coordinator.ts";
import { contextSimple } from "../../src/modules/context-simple/index.ts";
import type { Benchmark, MetricResult } from "../harness.ts";
import { fixed, median, metric, timed } from "../harness.ts";
import { agentHistory, estimatedTokens } from "../support/history.ts";

async function compactionTimes(
  size: number,
  runs: number,
  warmup: number,
): Promise<{ times: number[]; cpu: number[]; kept: number }> {
  const coordinator = new ModuleCoordinator({ sessionId: `compaction-${size}` });
  await contextSimple.mount(coordinator, {});
  const context = coordinator.get("context") as ContextManager;
  const history = agentHistory(size);
  await context.set_messages(history);
  const budget = Math.floor(estimatedTokens(history) * 0.45);
  const times: number[] = [];
  const cpu: number[] = [];
  let kept = 0;
  for (let index = 0; index < warmup + runs; index += 1) {
    await context.add_message({ role: "user", content: `follow-up ${index}` });
    const { value: view, ...timing } = await timed(() => context.get_messages_for_request({ token_budget: budget }));
    if (view.length >= size) throw new Error(`no compaction happened for ${size} messages`);
    kept = view.length;
    if (index >= warmup) {
      times.push(timing.wall);
      cpu.push(timing.cpu);
    }
  }
  return { times, cpu, kept };
}

export const contextCompaction: Benchmark = {
  name: "context.compaction",
  async run({ quick }) {
    const small = await compactionTimes(10_000, quick ? 3 : 20, quick ? 1 : 3);
    const large = await compactionTimes(100_000, quick ? 2 : 7, 1);
    const smallMedian = median(small.times);
    const largeMedian = median(large.times);
    const results: Record<string, MetricResult> = {
      "context.compact_ms.10k": metric(
        smallMedian,
        "ms",
        small.times.length,
        `10,000 messages, budget 45% of their tokens → a view of ${small.kept} messages; process CPU ${fixed(median(small.cpu))} ms`,
        { op: "<=", value: 30 },
      ),
      "context.compact_ms.100k": metric(
        largeMedian,
        "ms",
        large.times.length,
        `100,000 messages, budget 45% → ${large.kept} messages; ${fixed(largeMedian / smallMedian)}× the 10k figure (target ≤ 10×); process CPU ${fixed(median(large.cpu))} ms`,
        { op: "<=", value: Number((smallMedian * 10).toPrecision(4)) },
      ),
    };
    return results;
  },
};
