/** A Workers AI binding double that replays transcripts and records how it was called. */
import type { BindingRun } from "../../fixtures/providers/workers-ai.ts";
import { deferred } from "./transport.ts";

/** A recorded `run()` call. */
export interface RecordedRun {
  readonly model: string;
  readonly inputs: Record<string, unknown>;
  readonly options: Record<string, unknown> | undefined;
}

/** The binding double: pass it as `config.binding` or the `cloudflare.ai` capability. */
export class ReplayBinding {
  readonly calls: RecordedRun[] = [];
  readonly #runs: readonly BindingRun[];
  readonly #gone: ReturnType<typeof deferred>[];

  constructor(runs: readonly BindingRun[]) {
    this.#runs = runs;
    this.#gone = runs.map(() => deferred());
  }

  /** Resolves when the stream of run `index` was cancelled by its reader. */
  cancelled(index: number): Promise<void> {
    return this.#gone[index]?.promise ?? Promise.reject(new Error(`no run #${index}`));
  }

  async run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown> {
    const index = this.calls.length;
    this.calls.push({ model, inputs: structuredClone(inputs), options });
    const run = this.#runs[index];
    if (!run) throw new Error(`replay: no run #${index}`);
    if (run.error !== undefined) throw new Error(run.error);
    if (run.stream === undefined) return structuredClone(run.result);
    return stream(run, this.#gone[index]!.resolve);
  }
}

function stream(run: BindingRun, onCancel: () => void): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(run.stream);
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset < bytes.length) {
        controller.enqueue(bytes.slice(offset, offset + 11));
        offset += 11;
        return;
      }
      if (run.hold) return new Promise<void>(() => undefined);
      if (run.cut) controller.error(new Error("Network connection lost."));
      else controller.close();
      return;
    },
    cancel() {
      onCancel();
    },
  });
}
