// @expect {"category":"memory","title":"a memory bomb inside mount()","kind":"tool","sandbox":{"memory_mb":32,"timeout_ms":60000,"restarts":0},"expect":{"mount":{"reason":"mount_failed","error":"memory"},"killed":["memory"]}}
// Tries: to exhaust memory while the host waits for mount(), before anything is mounted.
// Must: fail the mount (sandbox_memory, module:load_failed, non-fatal); the session runs without it.
const kept = [];
export async function mount() {
  for (;;) kept.push(new Float64Array(1e5));
}
