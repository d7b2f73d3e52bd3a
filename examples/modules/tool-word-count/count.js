// Counting helpers, imported by the tool as one of the module's own files.
export function countWords(text) {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const lines = text === "" ? 0 : text.split("\n").length;
  return { words: words.length, lines, characters: text.length };
}
