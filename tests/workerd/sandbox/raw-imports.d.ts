// Vite turns `?raw` imports into the file's text (the workerd project is bundled by Vite too).
declare module "*?raw" {
  const text: string;
  export default text;
}
