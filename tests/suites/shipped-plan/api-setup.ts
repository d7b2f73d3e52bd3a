/**
 * Vitest global setup (unit, browser and workerd projects): starts the shipped plan's loopback API
 * in node and hands its origin to the tests, wherever they run, as `inject("shippedPlanApi")`.
 */
import type { TestProject } from "vitest/node";
import { startLoopbackApi } from "./loopback-api.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const api = await startLoopbackApi();
  project.provide("shippedPlanApi", api.origin);
  return async () => {
    await api[Symbol.asyncDispose]();
  };
}
