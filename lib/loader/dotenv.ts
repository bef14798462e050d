import type { ProblemCollector } from '../errors';

/**
 * Parses a compose `.env` file: `KEY=VALUE` lines, `#` comments, optional single or double quotes.
 * Order is kept, so the rendered ConfigMap reads like the file.
 */
export function parseDotenv(text: string, displayPath: string, problems: ProblemCollector): Map<string, string> {
  const variables = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      problems.add({ file: displayPath, line: index + 1, message: `expected KEY=VALUE, found "${line}"` });
      return;
    }
    const [, key, rawValue] = match;
    // A quoted value keeps its spaces and any `#`; after it, or in an unquoted value, ` #` starts a comment.
    const quoted = /^(['"])(.*?)\1\s*(?:#.*)?$/.exec(rawValue);
    variables.set(key, quoted ? quoted[2] : rawValue.replace(/\s+#.*$/, ''));
  });
  return variables;
}
