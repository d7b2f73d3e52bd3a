/**
 * Titles of the ported conformance tests: each names the upstream test whose behaviour it follows
 * (`[amplifier-core tests/test_hooks.py::test_hook_priority]`). The tests are our own; only the
 * behaviour is taken from upstream. A title that says "deliberate difference" keeps our behaviour
 * where upstream has a documented defect (see docs/amplifier-compatibility.md).
 */

/** A test of microsoft/amplifier-core: Python tests, Rust unit tests or the Node binding's tests. */
export function core(file: string, test: string): string {
  return `[amplifier-core ${file}::${test}]`;
}

/** A test of microsoft/amplifier-module-context-simple. */
export function contextSimple(file: string, test: string): string {
  return `[amplifier-module-context-simple ${file}::${test}]`;
}

/** A fixed clock for timestamps. */
export const fixedClock =
  (iso = "2026-02-06T10:00:00.123Z") =>
  () =>
    new Date(iso);
