/**
 * What a plan must respect to run on Cloudflare, beyond the kernel's own validation: the history
 * lives in the session's Durable Object, so the context cannot be a sandboxed module (its memory
 * would vanish with the object); there is no file system, so a source is inline code, a file map
 * or an https URL; and sandboxes run inline (a Worker cannot start threads).
 */
import type { Issue } from "../../src/errors.ts";
import type { MountPlan } from "../../src/plan/schema.ts";
import { sourceLocations } from "./module-sources.ts";

/** The problems that keep `plan` from running on Cloudflare (paths as in the plan). */
export function cloudflarePlanIssues(plan: MountPlan): Issue[] {
  const issues: Issue[] = [];
  for (const { path, source } of sourceLocations(plan as unknown as Record<string, unknown>)) {
    if (path[0] === "session" && (path[1] === "context" || path[1] === "context_source")) {
      issues.push({
        path,
        message:
          "a sandboxed context cannot keep the history in the session's Durable Object; use context-persistent or context-simple",
        code: "unsupported",
      });
    } else if (typeof source === "string" && !source.startsWith("https://")) {
      issues.push({
        path,
        message:
          "on Cloudflare a module source is inline code ({ inline }), a file map ({ files, entry }) or an https URL",
        code: "unsupported",
      });
    }
  }
  for (const list of ["providers", "tools", "hooks"] as const) {
    plan[list].forEach((entry, index) => {
      if (entry.sandbox?.placement === "worker") {
        issues.push({
          path: [list, index, "sandbox", "placement"],
          message: 'on Cloudflare sandboxes run inline (a Worker cannot start threads); use "inline" or leave it out',
          code: "unsupported",
        });
      }
    });
  }
  return issues;
}
