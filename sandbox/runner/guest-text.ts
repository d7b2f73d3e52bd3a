/**
 * Reading a string out of the guest without trusting it: its length is checked before a single
 * byte is copied to the host, then its exact UTF-8 size.
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import { utf8Length } from "./kill-reasons.ts";

/** A guest string read by the host: its text, or why it was not read. */
export type GuestText =
  | { readonly text: string; readonly tooLarge: false }
  | { readonly text: undefined; readonly tooLarge: boolean };

/** Reads `handle` as text when it is a string of at most `maxBytes` UTF-8 bytes. */
export function readGuestText(context: QuickJSContext, handle: QuickJSHandle, maxBytes: number): GuestText {
  if (context.typeof(handle) !== "string") return { text: undefined, tooLarge: false };
  using lengthHandle = context.getProp(handle, "length");
  if (context.getNumber(lengthHandle) > maxBytes) return { text: undefined, tooLarge: true };
  const text = context.getString(handle);
  if (utf8Length(text) > maxBytes) return { text: undefined, tooLarge: true };
  return { text, tooLarge: false };
}
