/**
 * The OpenTelemetry SDK behind `run --trace`. The package lists it as optional peer dependencies:
 * hooks-otel needs only `@opentelemetry/api` (a dependency), so an install that does not trace
 * does not bring the SDK, and `--trace` says what to install instead of failing on an import.
 */
import { KernelError } from "../../src/errors.ts";

/** The SDK packages `trace-setup.ts` imports, as a user installs them (the package's peer ranges, by major). */
export const TRACE_SDK_PACKAGES: Readonly<Record<string, string>> = {
  "@opentelemetry/core": "3",
  "@opentelemetry/exporter-trace-otlp-http": "0.301",
  "@opentelemetry/resources": "3",
  "@opentelemetry/sdk-trace": "3",
};

/** The SDK packages that do not resolve from this file (none when the SDK is installed). */
export function missingTraceSdk(
  resolve: (specifier: string) => string = (name) => import.meta.resolve(name),
): string[] {
  return Object.keys(TRACE_SDK_PACKAGES).filter((name) => {
    try {
      resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** The error `run --trace` answers when `missing` SDK packages are not installed. */
export function traceSdkMissingError(missing: readonly string[]): KernelError {
  const install = Object.entries(TRACE_SDK_PACKAGES)
    .map(([name, major]) => `${name}@${major}`)
    .join(" ");
  return new KernelError(
    "module_not_found",
    `--trace needs the OpenTelemetry SDK, an optional peer dependency of amplifier-edge (missing: ${missing.join(", ")}). Install it beside amplifier-edge: npm install ${install}`,
    { data: { missing: [...missing] } },
  );
}
