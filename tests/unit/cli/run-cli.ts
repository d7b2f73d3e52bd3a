/**
 * Runs the CLI's `main` in this process, as the tests of its commands do: what it printed to each
 * stream, both in the order written, and its exit code.
 */
import { Writable } from "node:stream";
import { main } from "../../../worker/node/cli.ts";

/** What one CLI run printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, in the order they were written. */
  readonly output: string;
}

/** Runs `amplifier-edge <argv>` with `env` as its environment. */
export async function runCli(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const all: string[] = [];
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        all.push(String(chunk));
        done();
      },
    });
    return { stream, text: () => chunks.join("") };
  };
  const stdout = sink();
  const stderr = sink();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream, env });
  return { code, stdout: stdout.text(), stderr: stderr.text(), output: all.join("") };
}
