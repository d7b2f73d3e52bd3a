/**
 * One corpus case: a hostile or broken sandboxed module in `tests/security/corpus/`, whose first
 * line declares, as JSON after `// @expect`, how it is mounted, how it is set off and what must
 * happen. One runner drives every case from these headers, and the SECURITY.md table is counted
 * from the run.
 */
import { z } from "zod";

/** The table's rows: what kind of attack a case belongs to. */
export const CORPUS_CATEGORIES = [
  "host access",
  "prototype pollution",
  "isolation",
  "cpu",
  "native loops",
  "host work",
  "memory",
  "stack",
  "payload",
  "non-JSON values",
  "thrown values",
  "mount",
  "re-entrancy",
  "capabilities",
  "network (SSRF)",
  "credentials",
  "hook results",
  "provider responses",
  "orchestrators",
  "authority",
  "state",
] as const;

/** A row of the table. */
export type CorpusCategory = (typeof CORPUS_CATEGORIES)[number];

const killReason = z.enum(["timeout", "cpu", "memory", "stack", "payload", "crash", "unresponsive"]);
const regex = z.string().min(1);

const toolExpectation = z.strictObject({
  success: z.boolean(),
  /** `error.code` of the ToolResult. */
  code: z.string().optional(),
  /** A regular expression the error message must match. */
  message: regex.optional(),
  /** The exact output (JSON equality). */
  output: z.unknown().optional(),
  /** A regular expression the output, as JSON, must match. */
  output_matches: regex.optional(),
});

/** What must happen; every list is exact unless it says otherwise, so nothing unexpected passes. */
export const corpusExpectationSchema = z.strictObject({
  /** The module fails to mount (a non-fatal `module:load_failed` with this reason code). */
  mount: z.strictObject({ reason: z.string(), error: regex.optional() }).optional(),
  /** The attack turn answers, or rejects with this KernelError code. */
  turn: z
    .union([z.literal("answers"), z.strictObject({ rejects: z.string(), message: regex.optional() })])
    .default("answers"),
  /** A regular expression the attack turn's answer must match. */
  answer: regex.optional(),
  /** The hostile tool's result in the attack turn (from `tool:post`). */
  tool: toolExpectation.optional(),
  /** Reasons of every `sandbox:killed` of the hostile module, in order. */
  killed: z.array(killReason).default([]),
  /** Capabilities of every `policy:violation`, in order. */
  violations: z.array(z.string()).default([]),
  /** Every URL the host's fetch was asked for, in order (nothing else may be fetched). */
  fetched: z.array(z.string()).default([]),
  /** Messages the attack turn must have added: a role and a regular expression over the message as JSON. */
  transcript: z
    .array(z.strictObject({ role: z.enum(["user", "assistant", "tool", "system"]), matches: regex }))
    .default([]),
  /** Regular expressions no message of the attack turn may match. */
  transcript_excludes: z.array(regex).default([]),
  /** Coordinator warning codes that must have been reported (others may be too). */
  warnings: z.array(z.string()).default([]),
  /** Regular expressions matching, in order, every prompt the approval system was asked. */
  approvals: z.array(regex).default([]),
  /** The exact tool names mounted after initialize (sorted); checks that a failed mount left nothing behind. */
  tools_mounted: z.array(z.string()).optional(),
});

/** The `approval` of a case whose approval system never answers (the user walked away). */
export const NO_ANSWER = "(no answer)";

/** What must happen. */
export type CorpusExpectation = z.output<typeof corpusExpectationSchema>;

/** A step of provider-mock's script (validated by provider-mock itself). */
const scriptStep = z.record(z.string(), z.unknown());

/** The header of a corpus file. */
export const corpusCaseSchema = z.strictObject({
  category: z.enum(CORPUS_CATEGORIES),
  /** One line: what the module tries. */
  title: z.string().min(1).max(120),
  /** The plan slot the module is mounted in. */
  kind: z.enum(["tool", "hook", "provider", "orchestrator", "context"]),
  /** The module's `sandbox:` block (limits and permissions). */
  sandbox: z.record(z.string(), z.unknown()).default({}),
  /** The module's config. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Input the model sends to the hostile tool `hostile` in the attack turn. */
  input: z.record(z.string(), z.unknown()).default({}),
  /** provider-mock's steps for the attack turn, replacing the default for the kind. */
  attack_script: z.array(scriptStep).optional(),
  /** Trusted modules added to the plan's hooks (e.g. hooks-approval), and session settings. */
  hooks: z.array(z.record(z.string(), z.unknown())).default([]),
  session: z.record(z.string(), z.unknown()).default({}),
  /** What the approval system answers (it records every prompt); `NO_ANSWER` never answers. */
  approval: z.string().default("Deny"),
  expect: corpusExpectationSchema,
});

/** A parsed corpus case with its file. */
export type CorpusCase = z.output<typeof corpusCaseSchema> & {
  /** The file name, e.g. `cpu-sync-loop.js`. */
  readonly file: string;
  readonly source: string;
};

const HEADER = /^\/\/ @expect (\{.*\})\s*$/;

/**
 * Parses a corpus file: its first line is `// @expect {json}`, followed by a comment saying what it
 * tries and what must happen.
 *
 * @throws Error naming the file and the path of the first invalid field.
 */
export function parseCorpusCase(file: string, source: string): CorpusCase {
  const [first = "", ...rest] = source.split("\n");
  const header = HEADER.exec(first);
  if (!header?.[1]) throw new Error(`${file}: the first line must be // @expect {json}`);
  if (!/Tries:/.test(rest.slice(0, 12).join("\n")) || !/Must:/.test(rest.slice(0, 16).join("\n"))) {
    throw new Error(`${file}: the header comment must say what the module Tries: and what Must: happen`);
  }
  let json: unknown;
  try {
    json = JSON.parse(header[1]);
  } catch (error) {
    throw new Error(`${file}: the @expect header is not JSON (${String(error)})`);
  }
  const parsed = corpusCaseSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: @expect ${issue?.path.join(".") || "(header)"}: ${issue?.message ?? "invalid"}`);
  }
  return { ...parsed.data, file, source };
}

/** Parses every file of a corpus (name → text), sorted by file name. */
export function parseCorpus(files: Readonly<Record<string, string>>): CorpusCase[] {
  return Object.entries(files)
    .map(([path, text]) => parseCorpusCase(path.slice(path.lastIndexOf("/") + 1), text))
    .sort((a, b) => a.file.localeCompare(b.file));
}
