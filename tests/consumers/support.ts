/** Helpers of the consumer fixtures: copy a fixture next to the installed package, run a command there. */
import { execFile } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { inject } from "vitest";

const execFileAsync = promisify(execFile);
const FIXTURES = resolve("tests/consumers/fixtures");

/** The repository's own tools (Vite, wrangler, TypeScript 5), run on a fixture as its own would be. */
export const REPOSITORY = resolve(".");

/**
 * Copies `tests/consumers/fixtures/<name>` (and the shared plan) beside the installed package (in
 * `root`: the plain install, or `inject("tracedRoot")`); returns its folder.
 */
export function fixture(name: string, root: string = inject("consumerRoot")): string {
  const target = join(root, name);
  if (!existsSync(target)) cpSync(join(FIXTURES, name), target, { recursive: true });
  if (!existsSync(join(root, "shared-plan.json")))
    cpSync(join(FIXTURES, "shared-plan.json"), join(root, "shared-plan.json"));
  return target;
}

/** Runs `command` in `cwd` and resolves with its output; rejects with both streams when it fails. */
export async function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await execFileAsync(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${failed.stdout ?? ""}\n${failed.stderr ?? ""}`, {
      cause: error,
    });
  }
}
