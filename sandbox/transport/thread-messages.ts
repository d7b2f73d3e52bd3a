/**
 * The endpoint a worker thread is reached by, and checks of the messages that cross it. Each side
 * acts only on the messages of `protocol.ts` it expects, by name: nothing is reached by a property
 * path, so a compromised runner can ask the kernel side for nothing but guest requests (which the
 * kernel side validates again) and answers to its own calls.
 */
import type { KernelToThread, ThreadToKernel } from "../protocol.ts";

/** The part of a Worker, a worker_thread's port or `self` in a worker that the threads use. */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  start?: () => void;
}

const KILL_REASONS = new Set(["timeout", "cpu", "memory", "stack", "payload", "crash", "unresponsive"]);
const RUNNER_METHODS = new Set(["start", "invoke", "stop"]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isResult(value: unknown): boolean {
  if (!isRecord(value) || typeof value.ok !== "boolean") return false;
  if (value.ok) return true;
  const error = value.error;
  return isRecord(error) && typeof error.code === "string" && typeof error.message === "string";
}

/** True for a message a thread sends the kernel side (anything else on the endpoint is ignored). */
export function isThreadToKernel(value: unknown): value is ThreadToKernel {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "ready":
      return true;
    case "failed":
      return isRecord(value.error) && typeof value.error.message === "string";
    case "pong":
      return isId(value.id);
    case "reply":
      return isId(value.id) && isResult(value.result);
    case "request":
      return isId(value.id) && isRecord(value.request) && typeof value.request.op === "string";
    case "notice":
      return (
        isRecord(value.notice) &&
        value.notice.type === "killed" &&
        KILL_REASONS.has(value.notice.reason as string) &&
        typeof value.notice.message === "string"
      );
    case "diagnostic":
      return typeof value.line === "string";
    case "created":
      return typeof value.moduleId === "string";
    case "disposed":
      return isRecord(value.report) && typeof value.report.moduleId === "string";
    default:
      return false;
  }
}

/** True for a message the kernel side sends a thread. */
export function isKernelToThread(value: unknown): value is KernelToThread {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case "init":
      return value.build === "release" || value.build === "debug";
    case "ping":
      return isId(value.id);
    case "call":
      return isId(value.id) && RUNNER_METHODS.has(value.method as string);
    case "answer":
      return isId(value.id) && isResult(value.reply);
    default:
      return false;
  }
}
