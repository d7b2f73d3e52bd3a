/**
 * `amplifier-edge pack <dir>` and `amplifier-edge validate <dir|tarball|npm:spec>`: a module package
 * checked the way a kernel will load it. The manifest is parsed (problems with their paths), the
 * package is packed with npm (so its integrity is the one a registry will publish), its entry runs
 * in a sandbox under the validator, and the plan entry to paste is printed with the integrity.
 * With `--plan`, what the plan grants the package is set beside what the manifest asks, and the
 * plan's slot for it is held to the manifest's kind (`plan_slot`), as a mount would.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { parseArgs, promisify } from "node:util";
import { stringify } from "yaml";
import { describeError, KernelError } from "../../src/errors.ts";
import type { ModuleType } from "../../src/models/index.ts";
import { compareGrants, describePermission, type GrantReport, grantedPermissions } from "../../src/packages/grants.ts";
import { parseModulePackageJson } from "../../src/packages/manifest.ts";
import { loadModulePackage, type ModulePackage, readModuleTarball } from "../../src/packages/module-package.ts";
import { checkPackageKind } from "../../src/packages/plan-entry-checks.ts";
import { loadPlan } from "../../src/plan/parse.ts";
import { sandboxOptionsSchema } from "../../src/plan/sandbox-options.ts";
import type { ModuleEntry } from "../../src/plan/schema.ts";
import { fail, pass, report, type ValidationCheck, type ValidationReport } from "../../src/validation/check.ts";
import { validateModule } from "../../src/validation/module.ts";
import { UsageError } from "./cli-args.ts";
import { createNodeSandboxes } from "./node-sandbox.ts";
import { folderContentCache } from "./package-cache.ts";

/** Arguments of `pack` and of `validate` given a package. */
export interface PackageArguments {
  readonly command: "pack" | "validate";
  readonly target: string;
  readonly json: boolean;
  readonly registry: string | undefined;
  readonly integrity: string | undefined;
  readonly plan: string | undefined;
  /** Where `pack` writes the tarball (default the current directory). */
  readonly out: string | undefined;
}

/** Whether `validate`'s argument is a package (an npm: spec, a .tgz, a folder) rather than a .js file. */
export async function isPackageTarget(target: string): Promise<boolean> {
  if (target.startsWith("npm:") || target.endsWith(".tgz")) return true;
  return (await stat(target).catch(() => undefined))?.isDirectory() === true;
}

/** Parses `pack <dir>` / `validate <package>` arguments. */
export function parsePackageArguments(command: "pack" | "validate", argv: readonly string[]): PackageArguments {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        registry: { type: "string" },
        integrity: { type: "string" },
        plan: { type: "string" },
        out: { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError(`${command}: ${describeError(error)}`);
  }
  const [target, ...extra] = parsed.positionals;
  if (target === undefined)
    throw new UsageError(
      `${command}: missing the package (a folder${command === "validate" ? ", a .tgz or an npm: spec" : ""})`,
    );
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument '${extra[0]}'`);
  const text = (name: string) => parsed.values[name] as string | undefined;
  return {
    command,
    target,
    json: parsed.values.json === true,
    registry: text("registry"),
    integrity: text("integrity"),
    plan: text("plan"),
    out: text("out"),
  };
}

/** Runs `pack` or `validate` on a package; resolves with the exit code (0 passed, 1 failed). */
export async function packageCommand(args: PackageArguments, io: { stdout: Writable }): Promise<number> {
  let loaded: ModulePackage;
  try {
    loaded = await readPackage(args);
  } catch (error) {
    if (!KernelError.is(error)) throw error;
    write(io, args, { passed: false, error: { code: error.code, message: error.message, issues: error.issues ?? [] } });
    if (!args.json) io.stdout.write(`${args.target}: FAILED\n  ${error.code}: ${error.message}\n`);
    return 1;
  }
  const validated = await validateSandboxed(loaded);
  const planned = args.plan === undefined ? undefined : await planEntry(args.plan, loaded);
  const grants = planned?.grants;
  // The plan's slot is checked as a mount would: a package listed under the wrong kind fails.
  const slotCheck = planned === undefined ? undefined : checkSlot(planned.moduleId, loaded, planned.slot);
  const validation = report([...validated.checks, ...(slotCheck === undefined ? [] : [slotCheck])]);
  const checks = withLocationsOnDisk(validation.checks, args, loaded);
  const source = { package: `npm:${loaded.name}@${loaded.version}`, integrity: loaded.integrity };
  if (args.json) {
    write(io, args, {
      passed: validation.passed,
      name: loaded.name,
      version: loaded.version,
      integrity: loaded.integrity,
      manifest: loaded.packageJson.amplifier,
      checks,
      ...(grants === undefined ? {} : { grants }),
    });
  } else {
    const kind = loaded.packageJson.amplifier.kind;
    io.stdout.write(`${loaded.name}@${loaded.version} (${kind}): ${validation.passed ? "passed" : "FAILED"}\n`);
    for (const check of checks) {
      const mark = check.passed ? "ok  " : check.severity === "error" ? "FAIL" : "warn";
      io.stdout.write(`  ${mark} ${check.name}: ${check.message}\n`);
      const where = check.location;
      if (where !== undefined) io.stdout.write(`       at ${where.file}:${where.line}:${where.column}\n`);
    }
    io.stdout.write(`integrity: ${loaded.integrity}\n`);
    if (grants !== undefined) io.stdout.write(describeGrants(grants));
    io.stdout.write(`\nPaste into a plan (${kind === "hook" ? "hooks" : `${kind}s`}):\n`);
    const entry = {
      module: loaded.name.replace(/^@[^/]+\//, ""),
      source,
      sandbox: { permissions: loaded.packageJson.amplifier.permissions },
    };
    io.stdout.write(stringify([entry], { indent: 2 }));
  }
  return validation.passed ? 0 : 1;
}

/**
 * A load failure's location comes back under the package's root ("/src/url.js"): a folder's is the
 * file on disk, a tarball's or a registry's is named inside the package (`@scope/name@1.0.0/src/url.js`).
 */
function withLocationsOnDisk(checks: readonly ValidationCheck[], args: PackageArguments, loaded: ModulePackage) {
  const isFolder = !args.target.startsWith("npm:") && !args.target.endsWith(".tgz");
  return checks.map((check) => {
    if (check.location === undefined) return check;
    const file = isFolder
      ? join(resolve(args.target), check.location.file)
      : `${loaded.name}@${loaded.version}/${check.location.file.replace(/^\/+/, "")}`;
    return { ...check, location: { ...check.location, file } };
  });
}

function write(io: { stdout: Writable }, args: PackageArguments, value: Record<string, unknown>) {
  if (args.json) io.stdout.write(`${JSON.stringify(value)}\n`);
}

async function readPackage(args: PackageArguments): Promise<ModulePackage> {
  if (args.target.startsWith("npm:")) {
    const cache = folderContentCache(join(homedir(), ".cache", "amplifier-edge", "packages"));
    return loadModulePackage(args.target, args.integrity, { registry: args.registry, cache });
  }
  if (args.target.endsWith(".tgz")) {
    return readModuleTarball(new Uint8Array(await readFile(args.target)), args.target);
  }
  return packFolder(resolve(args.target), args.command === "pack" ? resolve(args.out ?? ".") : undefined);
}

/** Packs with npm itself, so the integrity printed is the one the registry will publish. */
async function packFolder(folder: string, destination: string | undefined): Promise<ModulePackage> {
  // The manifest first: a bad one is reported with its paths before npm runs any script.
  await checkFolderManifest(folder);
  const into = destination ?? (await mkdtemp(join(tmpdir(), "amplifier-pack-")));
  try {
    const { stdout } = await promisify(execFile)("npm", ["pack", folder, "--json", "--pack-destination", into]);
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    return await readModuleTarball(new Uint8Array(await readFile(join(into, packed!.filename))), folder);
  } finally {
    if (destination === undefined) await rm(into, { recursive: true, force: true });
  }
}

async function checkFolderManifest(folder: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(join(folder, "package.json"), "utf8");
  } catch (error) {
    throw new KernelError("module_invalid", `${folder}: no package.json (${describeError(error)})`);
  }
  parseModulePackageJson(text, folder);
}

async function validateSandboxed(loaded: ModulePackage): Promise<ValidationReport> {
  await using sandboxes = await createNodeSandboxes();
  const { kind, entry } = loaded.packageJson.amplifier;
  const files = Object.fromEntries(Object.entries(loaded.files).filter(([path]) => /\.(?:m?js|json)$/.test(path)));
  try {
    const module = sandboxes.module(
      { files, entry },
      { id: loaded.name, sandbox: sandboxOptionsSchema.parse({}), kind },
    );
    // Awaited here: the sandboxes end when this function returns.
    return await validateModule(module, { type: kind, config: {} });
  } catch (error) {
    return report([fail("module_importable", describeError(error))]);
  }
}

/** The plan's entry for the package (its source names the package): its slot and what it grants. */
async function planEntry(
  planPath: string,
  loaded: ModulePackage,
): Promise<{ moduleId: string; slot: ModuleType; grants: GrantReport }> {
  const plan = await loadPlan(planPath, { read: (path) => readFile(path, "utf8") });
  const slots: [ModuleType, readonly ModuleEntry[]][] = [
    ["tool", plan.tools],
    ["hook", plan.hooks],
    ["provider", plan.providers],
  ];
  for (const [slot, entries] of slots) {
    const entry = entries.find((candidate) => namesPackage(candidate.source, loaded.name));
    if (entry === undefined) continue;
    const grants = compareGrants(loaded.packageJson.amplifier.permissions, grantedPermissions(entry.sandbox));
    return { moduleId: entry.module, slot, grants };
  }
  throw new UsageError(`--plan: ${planPath} has no entry whose source is npm:${loaded.name}`);
}

function namesPackage(source: ModuleEntry["source"], name: string): boolean {
  const spec = typeof source === "string" ? source : source !== undefined && "package" in source ? source.package : "";
  return spec === `npm:${name}` || spec.startsWith(`npm:${name}@`);
}

function checkSlot(moduleId: string, loaded: ModulePackage, slot: ModuleType): ValidationCheck {
  try {
    checkPackageKind(moduleId, loaded, slot);
    return pass("plan_slot", `the plan lists it as a ${slot}, the kind its manifest declares`);
  } catch (error) {
    return fail("plan_slot", describeError(error));
  }
}

function describeGrants(grants: GrantReport): string {
  const lines = ["permissions (manifest asks / plan grants):"];
  for (const item of grants.granted) lines.push(`  ok   ${describePermission(item)}`);
  for (const item of grants.refused)
    lines.push(`  no   ${describePermission(item)} (asked, not granted: the module is refused)`);
  for (const item of grants.beyond) lines.push(`  warn ${describePermission(item)} (granted, never asked for)`);
  return `${lines.join("\n")}\n`;
}
