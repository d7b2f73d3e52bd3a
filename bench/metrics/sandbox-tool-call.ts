/**
 * `sandbox.tool_call_us.inline` / `.worker`: the kernel calls a sandboxed tool's `execute` (the
 * kernel-side proxy) and gets its ToolResult back, small JSON in and out, per placement; each beside
 * its in-run baseline, measured in the same process and the same rounds (bench/support):
 *
 * - inline vs a raw quickjs-emscripten `callFunction` of the same JSON (`sandbox.engine_call_us`);
 * - worker vs a comlink round trip to a worker_thread (`sandbox.comlink_thread_round_trip_us`), and
 *   beside it the bare postMessage round trip our worker transport is built on
 *   (`sandbox.post_message_thread_round_trip_us`).
 *
 * The ratios are taken round by round (one batch of each side per round) and their median reported:
 * the machine's load moves both sides of a round alike, so the ratios travel between machines
 * better than the microseconds do.
 */

import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import type { Benchmark, InterleavedSamples, MetricResult } from "../harness.ts";
import { fixed, interleavedPerCall, median, metric, quantile, ratios } from "../harness.ts";
import { rawEngineCall } from "../support/engine-call.ts";
import { ADD_INPUT, type MountedTool, mountSandboxedTool, nodeSandboxes } from "../support/sandboxed-tool.ts";
import { comlinkRoundTrip, postMessageRoundTrip } from "../support/thread-round-trip.ts";

const TARGETS = { inline: 30, worker: 150, inlineVsEngine: 10, workerVsComlink: 1.5 } as const;

/** A tool call that must succeed (a failed ToolResult would time the failure path). */
async function succeed(mounted: MountedTool): Promise<void> {
  const answer = await mounted.tool.execute({ ...ADD_INPUT });
  if (!answer.success) throw new Error(`the sandboxed tool failed: ${JSON.stringify(answer)}`);
}

function spread(samples: InterleavedSamples): string {
  return `slowest round ${fixed(quantile(samples.wall, 1))} us; process CPU ${fixed(median(samples.cpu))} us, this thread's CPU ${fixed(median(samples.thread))} us per call`;
}

export const sandboxToolCall: Benchmark = {
  name: "sandbox.tool_call",
  async run({ quick }) {
    await using sandboxes = await nodeSandboxes();
    const calls = quick ? 50 : 500;
    const rounds = quick ? 5 : 15;
    const warmupCalls = quick ? 200 : 3_000;
    const results: Record<string, MetricResult> = {};
    const shape = `tool.execute({a,b,label}) → ToolResult, ${calls} sequential calls per round, ${rounds} rounds after ${warmupCalls} warm-up calls`;

    const inline = await mountSandboxedTool(sandboxes, { sandbox: { placement: "inline" } });
    try {
      using engine = await rawEngineCall(await loadQuickJSWasm());
      await succeed(inline);
      const samples = await interleavedPerCall(
        {
          engine: { run: () => engine.call({ ...ADD_INPUT }), calls: calls * 10 },
          inline: { run: () => inline.tool.execute({ ...ADD_INPUT }), calls },
        },
        rounds,
        warmupCalls,
      );
      const engineUs = median(samples.engine.wall);
      results["sandbox.tool_call_us.inline"] = metric(
        median(samples.inline.wall),
        "us",
        rounds,
        `${shape}, inline placement; ${spread(samples.inline)}`,
        { op: "<=", value: TARGETS.inline },
      );
      results["sandbox.engine_call_us"] = metric(
        engineUs,
        "us",
        rounds,
        `raw quickjs-emscripten (release-sync, our compiled wasm): newString(JSON) → callFunction(add) → getString → JSON.parse, ${calls * 10} calls per round, in the same rounds as the inline call; ${spread(samples.engine)}`,
      );
      results["sandbox.tool_call_ratio.inline_vs_engine"] = metric(
        median(ratios(samples.inline.wall, samples.engine.wall)),
        "ratio",
        rounds,
        `inline tool call / raw engine call, round by round; ratio of this thread's CPU ${fixed(median(ratios(samples.inline.thread, samples.engine.thread)))}`,
        { op: "<=", value: TARGETS.inlineVsEngine },
      );
    } finally {
      await inline.cleanup();
    }

    const worker = await mountSandboxedTool(sandboxes, { sandbox: { placement: "worker" } });
    try {
      await using comlink = await comlinkRoundTrip();
      await using bare = await postMessageRoundTrip();
      await succeed(worker);
      const samples = await interleavedPerCall(
        {
          comlink: { run: () => comlink.call({ ...ADD_INPUT }), calls },
          bare: { run: () => bare.call({ ...ADD_INPUT }), calls },
          worker: { run: () => worker.tool.execute({ ...ADD_INPUT }), calls },
        },
        rounds,
        warmupCalls,
      );
      results["sandbox.tool_call_us.worker"] = metric(
        median(samples.worker.wall),
        "us",
        rounds,
        `${shape}, worker placement (a node worker_thread); ${spread(samples.worker)}`,
        { op: "<=", value: TARGETS.worker },
      );
      results["sandbox.comlink_thread_round_trip_us"] = metric(
        median(samples.comlink.wall),
        "us",
        rounds,
        `comlink 4.4.2 wrap(nodeEndpoint(worker)).add({a,b,label}) to a worker_thread that answers at once, in the same rounds as the worker call; ${spread(samples.comlink)}`,
      );
      results["sandbox.post_message_thread_round_trip_us"] = metric(
        median(samples.bare.wall),
        "us",
        rounds,
        `bare postMessage({id,input}) to a worker_thread and its answer, through the endpoint adapter our worker transport uses; ${spread(samples.bare)}`,
      );
      results["sandbox.tool_call_ratio.worker_vs_comlink"] = metric(
        median(ratios(samples.worker.wall, samples.comlink.wall)),
        "ratio",
        rounds,
        `worker tool call / comlink thread round trip, round by round; vs the bare postMessage round trip ${fixed(median(ratios(samples.worker.wall, samples.bare.wall)))}`,
        { op: "<=", value: TARGETS.workerVsComlink },
      );
      results["sandbox.tool_call_ratio.worker_vs_post_message"] = metric(
        median(ratios(samples.worker.wall, samples.bare.wall)),
        "ratio",
        rounds,
        "worker tool call / bare postMessage thread round trip, round by round (the floor of any thread protocol)",
      );
    } finally {
      await worker.cleanup();
    }
    return results;
  },
};
