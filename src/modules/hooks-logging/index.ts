/**
 * `hooks-logging`: a structured log of every event (the canonical ones, the kernel's own, those
 * listed in config, and those modules declare on `observability.events`), written to a sink as
 * one plain record per event, with the values of sensitive keys masked. The sink defaults to
 * `console.info` of a JSON line; a host passes its own with {@link createHooksLogging}.
 */
import { z } from "zod";
import type { Coordinator, ModuleDefinition } from "../../contracts.ts";
import { ALL_EVENTS, EDGE_EVENTS } from "../../hooks/events.ts";
import { parseModuleConfig } from "../shared/config.ts";
import { DEFAULT_SENSITIVE_KEYS, redactKeys } from "../shared/redact-keys.ts";

/** One log record. */
export interface LogRecord {
  readonly timestamp: string | undefined;
  readonly event: string;
  readonly session_id: string | undefined;
  readonly data: Record<string, unknown>;
}

/** Where records go. */
export type LogSink = (record: LogRecord) => void | Promise<void>;

/** Config of `hooks-logging`. */
export const loggingConfigSchema = z.strictObject({
  /** Events to log; default every known event. */
  events: z.array(z.string().min(1)).optional(),
  /** More events to log on top of the default set. */
  extra_events: z.array(z.string().min(1)).default([]),
  /** Events never logged (for example the chatty `content_block:delta`). */
  exclude_events: z.array(z.string().min(1)).default([]),
  /** Keys whose values are masked, on top of the defaults (api_key, authorization, password, token, ...). */
  redact_keys: z.array(z.string().min(1)).default([]),
  /** Strings longer than this are cut in the log. */
  max_string_length: z.number().int().positive().default(2_000),
  /** Runs after other handlers (higher runs later) so the log shows what they left. */
  priority: z.number().default(900),
});

function truncateStrings(value: unknown, max: number): unknown {
  if (typeof value === "string")
    return value.length > max ? `${value.slice(0, max)}… [${value.length - max} more chars]` : value;
  if (Array.isArray(value)) return value.map((item) => truncateStrings(item, max));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, truncateStrings(item, max)]));
  }
  return value;
}

const consoleSink: LogSink = (record) => {
  console.info(JSON.stringify(record));
};

function register(
  coordinator: Coordinator,
  events: Iterable<string>,
  handler: Parameters<Coordinator["hooks"]["register"]>[1],
  priority: number,
) {
  return [...events].map((event) =>
    coordinator.hooks.register(event, handler, { priority, name: `hooks-logging:${event}` }),
  );
}

/** Builds `hooks-logging` writing to `sink`. */
export function createHooksLogging(options: { sink?: LogSink } = {}): ModuleDefinition {
  const sink = options.sink ?? consoleSink;
  const subscribed = new WeakMap<Coordinator, (events: Iterable<string>) => void>();
  return {
    id: "hooks-logging",
    type: "hook",
    description: "Structured event log with sensitive keys masked.",
    version: "1.0.0",
    async mount(coordinator, config) {
      const parsed = parseModuleConfig("hooks-logging", loggingConfigSchema, config);
      const keys = [...DEFAULT_SENSITIVE_KEYS, ...parsed.redact_keys];
      const excluded = new Set(parsed.exclude_events);
      const handler = async (event: string, data: Record<string, unknown>) => {
        const { timestamp, session_id, ...rest } = data;
        const clean = truncateStrings(redactKeys(rest, keys), parsed.max_string_length) as Record<string, unknown>;
        try {
          await sink({
            timestamp: typeof timestamp === "string" ? timestamp : undefined,
            event,
            session_id: typeof session_id === "string" ? session_id : undefined,
            data: clean,
          });
        } catch {
          // A broken sink must not break the session; the log is best effort.
        }
      };
      const logged = new Set<string>();
      const unregister: Array<() => void> = [];
      const add = (events: Iterable<string>) => {
        const fresh = [...events].filter((event) => !logged.has(event) && !excluded.has(event));
        for (const event of fresh) logged.add(event);
        unregister.push(...register(coordinator, fresh, handler, parsed.priority));
      };
      add(parsed.events ?? [...ALL_EVENTS, ...EDGE_EVENTS, ...parsed.extra_events]);
      if (parsed.events !== undefined) add(parsed.extra_events);
      // With an explicit `events` list, events that modules declare later are not added.
      if (parsed.events === undefined) subscribed.set(coordinator, add);
      return () => {
        for (const off of unregister) off();
      };
    },
    async on_session_ready(coordinator) {
      // Events that modules declared once everything mounted (tool-task's task:*, for example).
      const declared = (await coordinator.collect_contributions("observability.events"))
        .flat()
        .filter((event) => typeof event === "string");
      subscribed.get(coordinator)?.(declared as string[]);
    },
  };
}

/** The `hooks-logging` module, logging to the console. */
export const hooksLogging: ModuleDefinition = createHooksLogging();
