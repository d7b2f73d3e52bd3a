/** Validation results. */

/** How much a failed check matters. Only `error` makes a module fail. */
export type CheckSeverity = "error" | "warning" | "info";

/** One check. */
export interface ValidationCheck {
  name: string;
  passed: boolean;
  severity: CheckSeverity;
  message: string;
}

/** The result of validating a module or a plan. */
export interface ValidationReport {
  /** True when no error-severity check failed. */
  passed: boolean;
  checks: ValidationCheck[];
}

/** Builds a report from checks. */
export function report(checks: ValidationCheck[]): ValidationReport {
  return { passed: !checks.some((check) => !check.passed && check.severity === "error"), checks };
}

/** A passed check. */
export function pass(name: string, message: string, severity: CheckSeverity = "error"): ValidationCheck {
  return { name, passed: true, severity, message };
}

/** A failed check. */
export function fail(name: string, message: string, severity: CheckSeverity = "error"): ValidationCheck {
  return { name, passed: false, severity, message };
}

/** The failed error-severity checks of a report, as `name: message` lines. */
export function describeFailures(validation: ValidationReport): string[] {
  return validation.checks
    .filter((check) => !check.passed && check.severity === "error")
    .map((check) => `${check.name}: ${check.message}`);
}
