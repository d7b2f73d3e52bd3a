// Vite's `import.meta.glob` (the workerd project is bundled by Vite), typed for the worker tsconfig,
// which has no vite/client types. The corpus uses it eagerly, with `?raw`, for the files' text.
interface ImportMeta {
  glob(pattern: string, options: { query: "?raw"; import: "default"; eager: true }): Record<string, string>;
}
