/**
 * The `amplifier-edge` command line: run a mount plan, validate a module.
 */
import type { Writable } from "node:stream";
import { describeError, KernelError } from "../../src/errors.ts";
import { parseRunArguments, parseValidateArguments, UsageError } from "./cli-args.ts";

export const USAGE = `amplifier-edge <command>

Commands:
  run <plan.yaml|plan.json> "<prompt>" [--json] [--session <id>] [--store <dir>] [--trace <target>]
      Runs one prompt through a mount plan and prints the answer. --json prints one JSON object per
      event and a last line {"type":"result","response":...}. --store keeps sessions in a directory;
      --session <id> resumes one of them. --trace otlp=http://127.0.0.1:4318 exports OpenTelemetry
      spans (hooks-otel) to an OTLP/HTTP collector; --trace console prints them to stderr.
  validate <module.js> [--type tool|provider|hook|orchestrator|context] [--config <json>] [--json]
      Loads a module in a sandbox and runs the validator. Exit 0 when it passes, 1 when a check of
      error severity fails.
  validate <dir|package.tgz|npm:@scope/name@range> [--registry <url>] [--integrity <sha512-…>] [--plan <plan>] [--json]
      Checks a module package: its package.json "amplifier" manifest, its entry in a sandbox under the
      validator, and its integrity (npm: specs are fetched from --registry, default the public one).
      --plan shows what the plan grants beside what the manifest asks, and fails a package the plan
      lists under another kind than its manifest's.
  pack <dir> [--out <dir>] [--plan <plan>] [--json]
      Validates a module package folder as above, packs it with npm into --out (default here) and
      prints the integrity and the plan entry to paste.
  help

Exit codes: 0 success, 1 the turn or the validation failed, 2 usage error or invalid plan.`;

/** Where the CLI writes, and the environment the plan's `${NAME}` values come from. */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr.write(`${USAGE}\n`);
        return 2;
      case "help":
      case "--help":
      case "-h":
        io.stdout.write(`${USAGE}\n`);
        return 0;
      case "run": {
        const { runCommand } = await import("./run-command.ts");
        return await runCommand(parseRunArguments(rest), io);
      }
      case "pack": {
        const { packageCommand, parsePackageArguments } = await import("./package-command.ts");
        return await packageCommand(parsePackageArguments("pack", rest), io);
      }
      case "validate": {
        const packages = await import("./package-command.ts");
        if (rest[0] !== undefined && (await packages.isPackageTarget(rest[0]))) {
          return await packages.packageCommand(packages.parsePackageArguments("validate", rest), io);
        }
        const { validateCommand } = await import("./validate-command.ts");
        return await validateCommand(parseValidateArguments(rest), io);
      }
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`amplifier-edge: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (KernelError.is(error, "invalid_plan")) {
      io.stderr.write(`amplifier-edge: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`amplifier-edge: ${describeError(error)}\n`);
    return 1;
  }
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
