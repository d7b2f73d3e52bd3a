/**
 * What a person can do about a provider error the page shows. In a browser a server that refuses
 * this page's origin (CORS) fails exactly like a server that is down ("Failed to fetch"), so the
 * page names both, and how to let the page in for the local servers people run.
 */

/** Browsers' words for a request that never got a response (Chromium, Firefox, Safari). */
const UNREACHABLE = /could not reach (\S+?):? .*(Failed to fetch|NetworkError|Load failed)/;

/** A sentence to show after `message`, or "" when there is nothing more to say. */
export function providerHint(message: string, origin: string): string {
  const unreachable = UNREACHABLE.exec(message);
  if (unreachable === null) return "";
  return (
    ` If the server at ${unreachable[1]} is up, it may refuse requests from this page (CORS): ` +
    `start Ollama with OLLAMA_ORIGINS=${origin} (or "*"), or turn on "Enable CORS" in LM Studio's server settings, ` +
    "then send again."
  );
}
