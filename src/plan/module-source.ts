import { z } from "zod";

/**
 * Where an untrusted module's code comes from: a path or URL, inline source, an npm package pinned
 * by integrity, or a set of files with an entry point (paths relative to the module root).
 */
export const moduleSourceSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({ inline: z.string().min(1) }),
    z.strictObject({
      /** An `npm:@scope/name@range` specifier, resolved by the `module-source-resolver` (createPackageResolver). */
      package: z.string().regex(/^npm:./, "must be an npm: specifier such as npm:@acme/tool-x@^1.0.0"),
      /** The tarball's `sha512-…` integrity: anything else refuses to mount. */
      integrity: z
        .string()
        .regex(/^sha512-[A-Za-z0-9+/]{86}==$/, "must be a sha512-… integrity (npm pack prints it)")
        .optional(),
    }),
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
      issue.code === "invalid_union"
        ? "expected a path or URL, { inline: source }, { package, integrity } or { files, entry }"
        : undefined,
  },
);

/** Where an untrusted module's code comes from. */
export type ModuleSource = z.infer<typeof moduleSourceSchema>;
