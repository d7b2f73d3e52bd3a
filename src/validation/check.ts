/** Validation results, in the shape of the original's ValidationCheck and ValidationResult. */

/** How much a failed check matters. Only `error` makes a module fail. */
export type CheckSeverity = "error" | "warning" | "info";

/** Where in a module's files a check failed: a path under the module's folder, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One check. */
export interface ValidationCheck {
  name: string;
  passed: boolean;
  severity: CheckSeverity;
  message: string;
  /** Set when the failure has a place in the source (a syntax error, a throw while loading). */
  location?: SourceLocation;
}

/**
 * The result of validating a module or a plan. Plain data (it crosses to the page and out of the
 * CLI as JSON), so the original's `summary()` method is the `summary` string here.
 */
export interface ValidationReport {
  /** True when no error-severity check failed. */
  passed: boolean;
  checks: ValidationCheck[];
  /** The failed error-severity checks. */
  errors: ValidationCheck[];
  /** The failed warning-severity checks. */
  warnings: ValidationCheck[];
  /** `PASSED: 5/6 checks passed (0 errors, 1 warnings)`, in the original's words. */
  summary: string;
}

/** Builds a report from checks. */
export function report(checks: ValidationCheck[]): ValidationReport {
  const errors = checks.filter((check) => !check.passed && check.severity === "error");
  const warnings = checks.filter((check) => !check.passed && check.severity === "warning");
  const passedCount = checks.filter((check) => check.passed).length;
  const passed = errors.length === 0;
  const summary = `${passed ? "PASSED" : "FAILED"}: ${passedCount}/${checks.length} checks passed (${errors.length} errors, ${warnings.length} warnings)`;
  return { passed, checks, errors, warnings, summary };
}

/** A passed check (informational by default, as the original's passing checks are). */
export function pass(name: string, message: string, severity: CheckSeverity = "info"): ValidationCheck {
  return { name, passed: true, severity, message };
}

/** A failed check. */
export function fail(
  name: string,
  message: string,
  severity: CheckSeverity = "error",
  location?: SourceLocation,
): ValidationCheck {
  return { name, passed: false, severity, message, ...(location === undefined ? {} : { location }) };
}

/** The failed error-severity checks of a report, as `name: message` lines. */
export function describeFailures(validation: Pick<ValidationReport, "checks">): string[] {
  return validation.checks
    .filter((check) => !check.passed && check.severity === "error")
    .map((check) => `${check.name}: ${check.message}`);
}
