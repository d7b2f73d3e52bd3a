/** Shows what Validate found: each check of the validator, and what the module mounts. */
import type { ModuleInspection, ValidationReport } from "amplifier-edge/web";
import { h, preview, replace } from "./dom.ts";

/** What each severity means for the module, in words. */
const SEVERITY: Record<string, string> = {
  error: "severity error: must pass",
  warning: "severity warning: should pass",
  info: "severity info",
};

/** Renders a validation report and an inspection into `target`. */
export function renderChecks(target: HTMLElement, report: ValidationReport, inspection: ModuleInspection): void {
  const failed = report.checks.filter((check) => !check.passed);
  const verdict = report.passed
    ? `Passed: ${report.checks.length - failed.length} of ${report.checks.length} checks${failed.length ? ` (${failed.length} warning${failed.length > 1 ? "s" : ""})` : ""}`
    : `Failed: ${failed.filter((check) => check.severity === "error").length} error(s). Fix the module, or mount it anyway to see what happens.`;
  replace(
    target,
    h("p", { class: `verdict ${report.passed ? "pass" : "fail"}`, role: "status" }, verdict),
    h(
      "ul",
      { class: "checks", "aria-label": "Validation checks" },
      ...report.checks.map((check) =>
        h(
          "li",
          { class: `${check.passed ? "pass" : "fail"} ${check.severity}` },
          h("span", { class: `tag ${check.passed ? "pass" : "fail"}` }, check.passed ? "PASS" : "FAIL"),
          h("strong", {}, check.name),
          " ",
          h("span", { class: "muted", title: `severity: ${check.severity}` }, `(${SEVERITY[check.severity]})`),
          " ",
          h("span", {}, check.message),
        ),
      ),
    ),
    h("h3", {}, "What it mounts"),
    mountsList(inspection),
    h("h3", {}, "What it tried to use without permission while mounting"),
    inspection.requested.length === 0
      ? h("p", { class: "hint" }, "Nothing.")
      : h(
          "ul",
          { class: "checks" },
          ...inspection.requested.map((attempt) =>
            h(
              "li",
              { class: "fail warning" },
              `${attempt.capability}: ${attempt.action} ${attempt.target} (${attempt.reason})`,
            ),
          ),
        ),
  );
}

function mountsList(inspection: ModuleInspection): HTMLElement {
  if (!inspection.loaded) {
    return h("p", { class: "alert-line" }, `It did not mount: ${inspection.error?.message ?? "unknown reason"}`);
  }
  const items: HTMLElement[] = [
    ...inspection.tools.map((tool) =>
      h(
        "li",
        {},
        h("strong", {}, `tool ${tool.name}`),
        `: ${tool.description} `,
        h("code", {}, preview(tool.input_schema, 90)),
      ),
    ),
    ...inspection.providers.map((name) => h("li", {}, h("strong", {}, `provider ${name}`))),
    ...inspection.hooks.map((hook) => h("li", {}, h("strong", {}, `hook on ${hook.event}`), ` (${hook.name})`)),
  ];
  if (inspection.orchestrator)
    items.push(h("li", {}, h("strong", {}, "an orchestrator"), " (replaces the agent loop)"));
  if (inspection.context) items.push(h("li", {}, h("strong", {}, "a context manager"), " (replaces the memory)"));
  if (items.length === 0) return h("p", { class: "hint" }, "It mounted nothing.");
  return h("ul", {}, ...items);
}
