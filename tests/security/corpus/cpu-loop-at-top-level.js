// @expect {"category":"cpu","title":"an infinite loop at the module's top level (before mount)","kind":"tool","sandbox":{"timeout_ms":250,"restarts":0},"expect":{"mount":{"reason":"mount_failed","error":"time limit"},"killed":["timeout"]}}
// Tries: to hang the host while it loads the module: the loop runs during evaluation, before mount().
// Must: fail the mount with sandbox_timeout (non-fatal, module:load_failed); the session starts without it.
for (;;) {}
export async function mount() {}
