// @expect {"category":"memory","title":"a top-level throw whose message is 8 MiB","kind":"tool","sandbox":{"timeout_ms":60000},"expect":{"mount":{"reason":"validation_failed","error":"^[\\s\\S]{1,8192}$"}}}
// Tries: to make the host keep 8 MiB of its text: a load failure's message lands in
// module:load_failed, in status().failedModules and in every log that records them.
// Must: fail to load with a message cut to a bounded length; the host keeps no more than that.
throw new Error(`load failed: ${"e".repeat(8 * 1024 * 1024)}`);
