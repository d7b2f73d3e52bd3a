/**
 * The `amplifier-edge` command line: run a mount plan, validate a module.
 */

export const USAGE = `amplifier-edge <command>

Commands:
  run <plan.yaml|plan.json> "<prompt>" [--json] [--session <id>] [--store <dir>]
  validate <module.js> [--type tool|provider|hook|orchestrator|context] [--config <json>] [--json]
  help`;

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`amplifier-edge: unknown command '${command}'\n\n${USAGE}\n`);
  return 2;
}
