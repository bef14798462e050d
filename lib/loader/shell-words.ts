/**
 * Splits a command string into words the way compose does for `command:` and `entrypoint:` strings
 * (POSIX-shell quoting, no expansion). Returns undefined when a quote is left open.
 */
export function splitShellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quote) {
      if (character === quote) {
        quote = undefined;
      } else if (character === '\\' && quote === '"' && index + 1 < text.length && '"\\$`'.includes(text[index + 1])) {
        current += text[++index];
      } else {
        current += character;
      }
    } else if (character === '"' || character === "'") {
      quote = character;
      inWord = true;
    } else if (character === '\\' && index + 1 < text.length) {
      current += text[++index];
      inWord = true;
    } else if (/\s/.test(character)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += character;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push(current);
  return words;
}

/** True when a command string relies on shell features, so it must run through `sh -c`. */
export function needsShell(text: string): boolean {
  return /[|&;<>()$`*?[\]{}~\n]/.test(text);
}
