/**
 * What a plan must respect to run on Cloudflare, beyond the kernel's own validation: the history
 * lives in the session's Durable Object, so the context cannot be a sandboxed module (its memory
 * would vanish with the object); there is no file system, so a source is inline code, a file map
 * or an https URL; and sandboxes run inline (a Worker cannot start threads).
 */
import type { MountPlan } from "../../src/plan/schema.ts";
import type { ApiIssue } from "./http-error.ts";
import { describeLocation, sourceLocations } from "./module-sources.ts";

/** The problems that keep `plan` from running on Cloudflare (paths as in the plan). */
export function cloudflarePlanIssues(plan: MountPlan): ApiIssue[] {
  const issues: ApiIssue[] = [];
  for (const location of sourceLocations(plan as unknown as Record<string, unknown>)) {
    const where = describeLocation(location);
    if (where.startsWith("session.context")) {
      issues.push({
        path: where,
        message:
          "a sandboxed context cannot keep the history in the session's Durable Object; use context-persistent or context-simple",
      });
    } else if (typeof location.source === "string" && !location.source.startsWith("https://")) {
      issues.push({
        path: where,
        message:
          "on Cloudflare a module source is inline code ({ inline }), a file map ({ files, entry }) or an https URL",
      });
    }
  }
  for (const list of ["providers", "tools", "hooks"] as const) {
    plan[list].forEach((entry, index) => {
      if (entry.sandbox?.placement === "worker") {
        issues.push({
          path: `${list}[${index}].sandbox.placement`,
          message: 'on Cloudflare sandboxes run inline (a Worker cannot start threads); use "inline" or leave it out',
        });
      }
    });
  }
  return issues;
}
