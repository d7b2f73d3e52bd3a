import { z } from "zod";

/**
 * Where an untrusted module's code comes from: a path or URL, inline source, or a set of files
 * with an entry point (paths relative to the module root).
 */
export const moduleSourceSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({ inline: z.string().min(1) }),
    z
      .strictObject({
        files: z.record(z.string().min(1), z.string()),
        entry: z.string().min(1),
      })
      .refine((value) => Object.hasOwn(value.files, value.entry), {
        path: ["entry"],
        message: "entry must name one of the files",
      }),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union" ? "expected a path or URL, { inline: source } or { files, entry }" : undefined,
  },
);

/** Where an untrusted module's code comes from. */
export type ModuleSource = z.infer<typeof moduleSourceSchema>;
