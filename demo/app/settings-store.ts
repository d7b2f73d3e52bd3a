/**
 * The playground's settings: which provider new sessions use, and whether tool calls need approval.
 * Saved in localStorage, except the API key, which stays in this page's memory unless the user
 * ticks "remember" (then it is saved, and sessions store it so a resume after a reload has it).
 */

/** The provider choices. */
export type ProviderChoice = "mock" | "anthropic" | "openai";

/** What new sessions are created with. */
export interface Settings {
  provider: ProviderChoice;
  model: string;
  baseUrl: string;
  apiKey: string;
  remember: boolean;
  /** The offline model's context window in tokens (small values show compaction). */
  contextWindow: number;
  /** Mount hooks-approval, which asks before every tool call. */
  approvals: boolean;
}

const KEY = "amplifier-edge-playground.settings";

/** The defaults: offline, no key, no approvals. */
export const DEFAULT_SETTINGS: Settings = {
  provider: "mock",
  model: "",
  baseUrl: "",
  apiKey: "",
  remember: false,
  contextWindow: 200_000,
  approvals: false,
};

/** The model a provider uses when the user names none. */
export const DEFAULT_MODELS: Record<ProviderChoice, string> = {
  mock: "mock-model",
  anthropic: "claude-sonnet-4-5",
  openai: "gpt-4.1-mini",
};

/** Reads saved settings (anything malformed falls back to the defaults). */
export function loadSettings(): Settings {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Settings>;
    const settings = { ...DEFAULT_SETTINGS };
    if (saved.provider === "anthropic" || saved.provider === "openai") settings.provider = saved.provider;
    if (typeof saved.model === "string") settings.model = saved.model;
    if (typeof saved.baseUrl === "string") settings.baseUrl = saved.baseUrl;
    if (saved.remember === true && typeof saved.apiKey === "string") {
      settings.apiKey = saved.apiKey;
      settings.remember = true;
    }
    if (typeof saved.contextWindow === "number" && saved.contextWindow >= 1000)
      settings.contextWindow = saved.contextWindow;
    if (typeof saved.approvals === "boolean") settings.approvals = saved.approvals;
    return settings;
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** Saves settings; the key only when `remember` is ticked. */
export function saveSettings(settings: Settings): void {
  const { apiKey, ...rest } = settings;
  const saved = settings.remember ? { ...rest, apiKey } : rest;
  try {
    localStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // Storage may be off (private mode); the settings still apply to this page.
  }
}

/** The model of the settings, or the provider's default. */
export function modelOf(settings: Settings): string {
  return settings.model.trim() || DEFAULT_MODELS[settings.provider];
}
