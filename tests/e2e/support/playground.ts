/**
 * Driving the playground (the built demo) like a user: open it, pick and mount modules, chat,
 * and keep a screenshot of each test in tests/e2e/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";

export const SCREENSHOTS = join(process.cwd(), "tests/e2e/screenshots");

/** A page of the playground and the uncaught errors it raised. */
export interface PlaygroundPage {
  readonly page: Page;
  readonly errors: string[];
}

/** Opens the playground in a new tab and waits until its first session is open. */
export async function openPlayground(browser: BrowserContext, url: string): Promise<PlaygroundPage> {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1440, height: 1000 });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await waitUntilReady(page);
  return { page, errors };
}

/** Waits until the page has connected to its worker and opened (or resumed) a session. */
export async function waitUntilReady(page: Page): Promise<void> {
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
}

/** The chat's assistant replies. */
export function replies(page: Page): Locator {
  return page.locator("#chat-log .message.assistant");
}

/** Sends a prompt with the keyboard and waits for the turn to end; returns the reply's element. */
export async function sendPrompt(page: Page, prompt: string): Promise<Locator> {
  const before = await replies(page).count();
  await page.getByRole("textbox", { name: "Message" }).fill(prompt);
  await page.getByRole("textbox", { name: "Message" }).press("Enter");
  await page.waitForFunction(
    (count) =>
      document.querySelectorAll("#chat-log .message.assistant").length > count &&
      !(document.querySelector("#send") as HTMLButtonElement).disabled,
    before,
    { timeout: 30_000 },
  );
  return replies(page).nth(before);
}

/** Picks a module in step 1 by the title shown in the picker, and validates it. */
export async function pickAndValidate(page: Page, title: string): Promise<void> {
  await page.getByLabel("Start from").selectOption({ label: title });
  await validate(page);
}

/** Clicks Validate and waits for the verdict. */
export async function validate(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Validate" }).click();
  await page.locator("#validation-results .verdict").waitFor({ timeout: 30_000 });
}

/** Mounts the validated module and waits for the new session. */
export async function mount(page: Page, moduleId: string): Promise<void> {
  await page.locator("#mount").click();
  await page.locator("#mounted-list").getByText(moduleId, { exact: true }).waitFor({ timeout: 30_000 });
}

/** Opens a tab of "Look inside". */
export async function openTab(
  page: Page,
  name: "Events" | "Tools" | "Hooks" | "Trace" | "Context" | "Sessions" | "Settings",
): Promise<void> {
  await page.getByRole("tab", { name }).click();
}

/** Saves a full-page screenshot as tests/e2e/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
