/**
 * `amplifier-edge validate <module.js>`: loads a third-party module in a sandbox and runs the
 * validator's checks on it (the same checks as for a trusted module, `protocol_compliance` included).
 */
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { describeError, KernelError } from "../../src/errors.ts";
import type { ModuleType } from "../../src/models/index.ts";
import { sandboxOptionsSchema } from "../../src/plan/sandbox-options.ts";
import { fail, report, type ValidationReport } from "../../src/validation/check.ts";
import { validateModule } from "../../src/validation/module.ts";
import { RecordingCoordinator } from "../../src/validation/recording-coordinator.ts";
import type { ValidateArguments } from "./cli-args.ts";
import { createNodeSandboxes } from "./node-sandbox.ts";

/** Validates the module; resolves with the exit code (0 passed, 1 an error-severity check failed). */
export async function validateCommand(args: ValidateArguments, io: { stdout: Writable }): Promise<number> {
  const path = resolve(args.module);
  const type = args.type ?? guessType(path);
  const validation = await validateSandboxed(path, type, args.config);
  // Locations come back under the module's own folder ("/lib/util.js"); the author wants the file on disk.
  const checks = validation.checks.map((check) =>
    check.location === undefined
      ? check
      : { ...check, location: { ...check.location, file: join(dirname(path), check.location.file) } },
  );
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ passed: validation.passed, type, checks })}\n`);
  } else {
    io.stdout.write(`${args.module} (${type}): ${validation.passed ? "passed" : "FAILED"}\n`);
    for (const check of checks) {
      const mark = check.passed ? "ok  " : check.severity === "error" ? "FAIL" : "warn";
      io.stdout.write(`  ${mark} ${check.name}: ${check.message}\n`);
      const where = check.location;
      if (where !== undefined) io.stdout.write(`       at ${where.file}:${where.line}:${where.column}\n`);
    }
  }
  return validation.passed ? 0 : 1;
}

async function validateSandboxed(
  path: string,
  type: ModuleType,
  config: Record<string, unknown>,
): Promise<ValidationReport> {
  // The module runs in a worker like any other: a module whose top level loops where its time limit
  // cannot interrupt it is terminated by the watchdog, and validate still answers.
  await using sandboxes = await createNodeSandboxes();
  const loader = sandboxes.loader;
  const coordinator = new RecordingCoordinator();
  let loaded: Awaited<ReturnType<typeof loader.load>>;
  try {
    loaded = await loader.load(
      {
        id: moduleIdOf(path),
        source: `./${basename(path)}`,
        config,
        sandbox: sandboxOptionsSchema.parse({}),
        kind: type,
        planDir: dirname(path),
      },
      { coordinator, signal: new AbortController().signal },
    );
  } catch (error) {
    const message = KernelError.is(error) ? `${error.code}: ${error.message}` : describeError(error);
    return report([fail("module_importable", message)]);
  }
  // Awaited here: the sandboxes end when this function returns.
  return await validateModule(loaded, { type, config });
}

/** The id messages name the module by: the file's name, or its folder's for an `index.js`. */
function moduleIdOf(path: string): string {
  const name = basename(path).replace(/\.m?js$/, "");
  return name === "index" ? basename(dirname(path)) : name;
}

/** The type from the file or folder name (`tool-weather.js`, `provider-echo/index.js`), else tool. */
function guessType(path: string): ModuleType {
  const name = `${basename(dirname(path))}/${basename(path)}`.toLowerCase();
  if (name.includes("orchestrat") || name.includes("loop")) return "orchestrator";
  if (name.includes("provider")) return "provider";
  if (name.includes("hook")) return "hook";
  if (name.includes("context")) return "context";
  return "tool";
}
