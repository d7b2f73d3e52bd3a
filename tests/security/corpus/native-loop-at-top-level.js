// @expect {"category":"native loops","title":"a native-looping builtin at the module's top level, before mount()","kind":"tool","sandbox":{"restarts":0},"expect":{"mount":{"reason":"validation_failed","error":"RangeError.*over the sandbox's limit"}}}
// Tries: to hang whoever loads the module (a session starting, or `amplifier-edge validate`)
// with lastIndexOf on an array-like of length 2 ** 53 - 1, evaluated before mount() exists.
// Must: be refused by the guards, which are in place before the module's first line runs: the
// module fails to load (module_invalid, naming the limit), the session starts without it.
Array.prototype.lastIndexOf.call({ length: 2 ** 53 - 1 }, 1);
export async function mount() {}
