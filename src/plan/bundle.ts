/**
 * Bundles: Markdown with YAML front matter (the body is the system instruction) or plain YAML,
 * with `includes` resolved through a reader the caller supplies.
 */
import { z } from "zod";
import { describeError, KernelError } from "../errors.ts";
import { issuesError, issuesFromZod } from "../issues.ts";
import { compose } from "./compose.ts";
import { type ParsePlanOptions, parsePlan, parseText } from "./parse.ts";
import { findUnsafeKeys } from "./safe-keys.ts";
import { type MountPlan, moduleEntrySchema, providerEntrySchema } from "./schema.ts";

const includeSchema = z.union([z.string().min(1), z.strictObject({ bundle: z.string().min(1) })], {
  error: "expected a bundle reference (a string or { bundle })",
});

/** A bundle: a partial plan with a name, includes, agents, context files and an instruction. */
export const bundleSchema = z.looseObject({
  bundle: z.looseObject({
    name: z.string().min(1),
    version: z.string().optional(),
    description: z.string().optional(),
    namespace_root: z.string().optional(),
  }),
  includes: z.array(includeSchema).optional(),
  session: z.record(z.string(), z.unknown()).optional(),
  providers: z.array(providerEntrySchema).optional(),
  tools: z.array(moduleEntrySchema).optional(),
  hooks: z.array(moduleEntrySchema).optional(),
  spawn: z.record(z.string(), z.unknown()).optional(),
  agents: z.record(z.string(), z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  instruction: z.string().optional(),
});

/** A bundle. */
export type Bundle = z.input<typeof bundleSchema>;

/**
 * Parses one bundle (Markdown with front matter, or YAML/JSON), without resolving includes.
 *
 * @throws KernelError `invalid_plan` naming the path of every problem.
 */
export function parseBundle(text: string): Bundle {
  const { front, body } = splitFrontMatter(text);
  const raw = parseText(front, "yaml");
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    const issue = { path: [], message: "expected an object with a bundle section", code: "invalid_type" };
    throw issuesError("invalid_plan", "Invalid bundle", [issue]);
  }
  const unsafe = findUnsafeKeys(raw);
  if (unsafe.length > 0) throw issuesError("invalid_plan", "Invalid bundle", unsafe);
  const withBody = body.trim() ? { ...raw, instruction: body.trim() } : raw;
  const parsed = bundleSchema.safeParse(withBody);
  if (!parsed.success) throw issuesError("invalid_plan", "Invalid bundle", issuesFromZod(parsed.error));
  return parsed.data;
}

function splitFrontMatter(text: string): { front: string; body: string } {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  return match ? { front: match[1] ?? "", body: match[2] ?? "" } : { front: text, body: "" };
}

/** Options of {@link loadBundle}. */
export interface LoadBundleOptions {
  /** Reads an included bundle by its reference. */
  readInclude?: (reference: string) => Promise<string>;
  /** Maximum include depth (default 16). */
  maxDepth?: number;
}

/**
 * Parses a bundle and its includes (depth first), and composes them: includes first, the bundle last.
 *
 * @throws KernelError `invalid_plan` for an invalid bundle, a cycle, or an include that cannot be read.
 */
export async function loadBundle(text: string, options: LoadBundleOptions = {}): Promise<Bundle> {
  const maxDepth = options.maxDepth ?? 16;
  const visit = async (source: string, trail: readonly string[]): Promise<Bundle> => {
    const bundle = parseBundle(source);
    const included: Bundle[] = [];
    for (const include of bundle.includes ?? []) {
      const reference = typeof include === "string" ? include : include.bundle;
      if (trail.includes(reference)) {
        throw new KernelError("invalid_plan", `Bundle include cycle: ${[...trail, reference].join(" -> ")}`);
      }
      if (trail.length >= maxDepth)
        throw new KernelError("invalid_plan", `Bundle includes nest deeper than ${maxDepth}.`);
      if (!options.readInclude) {
        throw new KernelError(
          "invalid_plan",
          `Bundle "${bundle.bundle.name}" includes ${reference}, but no readInclude was given.`,
        );
      }
      let included_text: string;
      try {
        included_text = await options.readInclude(reference);
      } catch (error) {
        throw new KernelError("invalid_plan", `Cannot read included bundle ${reference}: ${describeError(error)}`, {
          cause: error,
        });
      }
      included.push(await visit(included_text, [...trail, reference]));
    }
    return compose(...included, bundle);
  };
  return visit(text, ["(root)"]);
}

/**
 * The mount plan of a (composed) bundle: `session`, `providers`, `tools`, `hooks`, `agents`, `spawn`.
 *
 * @throws KernelError `invalid_plan` when the result is not a valid plan.
 */
export function toMountPlan(bundle: Bundle, options: ParsePlanOptions = {}): MountPlan {
  const plan: Record<string, unknown> = {
    session: bundle.session ?? {},
    providers: bundle.providers ?? [],
    tools: bundle.tools ?? [],
    hooks: bundle.hooks ?? [],
  };
  if (bundle.agents) plan.agents = bundle.agents;
  if (bundle.spawn) plan.spawn = bundle.spawn;
  return parsePlan(plan, options);
}
