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

/**
 * An env file's variables as the stack's rules sort them, for the stack's `.env` and every other env
 * file alike: a declared secret (`isDeclaredSecret`) is an error, for it never belongs in git; one
 * named like a credential (`isNamedLikeSecret`) is a key of the Secret, whose value is not rendered;
 * the rest are plain, in file order.
 */
export function sortEnvVariables(
  variables: ReadonlyMap<string, string>,
  displayPath: string,
  rules: { readonly isDeclaredSecret: (key: string) => boolean; readonly isNamedLikeSecret: (key: string, value: string) => boolean },
  problems: ProblemCollector,
): { plain: Map<string, string>; namedLikeSecrets: string[] } {
  const plain = new Map<string, string>();
  const namedLikeSecrets: string[] = [];
  for (const [key, value] of variables) {
    if (rules.isDeclaredSecret(key)) problems.add({ file: displayPath, field: key, message: `${key} is a secret: remove it from this file; it belongs in the Secret, never in git` });
    else if (rules.isNamedLikeSecret(key, value)) namedLikeSecrets.push(key);
    else plain.set(key, value);
  }
  return { plain, namedLikeSecrets };
}

/** The warning on a variable of an env file named like a credential, in the same words for every file. */
export function namedLikeSecretWarning(secretName: string): string {
  return `named like a credential: a key of the Secret ${secretName}, which is created outside git; the pods read it there and the value written here is not rendered (list it under secret.plain in stack.yaml if it is no credential)`;
}
