/**
 * Compose variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `$VAR`, and `$$` for a literal dollar), applied to every string of a compose file.
 *
 * Secrets are different: their values are never known here. A value that is exactly `${SECRET}` becomes
 * a SecretReference, which only an environment variable can carry (as a secretKeyRef). A secret inside a
 * longer string cannot be expressed without rendering its value, so that is an error.
 */

export class SecretReference {
  /**
   * @param key the secret's key
   * @param variable the variable a list entry assigns it to (`- PASSWORD=${DB_PASSWORD}`); a mapping
   *   entry's variable is its key
   */
  constructor(
    readonly key: string,
    readonly variable?: string,
  ) {}
}

export interface InterpolationContext {
  readonly variables: ReadonlyMap<string, string>;
  readonly secretKeys: ReadonlySet<string>;
}

/** Interpolates one string; returns the result or a sentence saying what is wrong. */
export function interpolateString(
  text: string,
  context: InterpolationContext,
): { value: string | SecretReference } | { error: string } {
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(text) ?? /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(text);
  if (whole && context.secretKeys.has(whole[1])) {
    return { value: new SecretReference(whole[1]) };
  }
  try {
    return { value: expand(text, context) };
  } catch (error) {
    if (error instanceof InterpolationError) return { error: error.message };
    throw error;
  }
}

class InterpolationError extends Error {}

/** Expands every reference in `text`; defaults may hold references themselves (`${A:-${B}}`). */
function expand(text: string, context: InterpolationContext): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar < 0) return result + text.slice(index);
    result += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      result += '$';
      index = dollar + 2;
    } else if (next === '{') {
      const close = matchingBrace(text, dollar + 1);
      if (close < 0) throw new InterpolationError(`"${text}" has a "\${" without its closing "}"`);
      result += resolve(text.slice(dollar + 2, close), context);
      index = close + 1;
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(dollar + 1))?.[0];
      if (!name) throw new InterpolationError(`a lone "$" in "${text}": write "$$" for a literal dollar sign`);
      result += resolve(name, context);
      index = dollar + 1 + name.length;
    }
  }
  return result;
}

/** Index of the `}` that closes the `{` at `open`, counting nested `${…}`; -1 when there is none. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

/** Resolves the inside of one `${…}`: a name, optionally with `:-`, `-`, `:?` or `?` and an argument. */
function resolve(expression: string, context: InterpolationContext): string {
  const parsed = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([\s\S]*))?$/.exec(expression);
  if (!parsed) throw new InterpolationError(`"\${${expression}}" is not a valid variable reference`);
  const [, name, operator, argument] = parsed;
  if (context.secretKeys.has(name)) {
    throw new InterpolationError(
      operator === undefined
        ? `secret ${name} is embedded in a longer value; a secret can only be a whole environment value "\${${name}}"`
        : `secret ${name} cannot have a default or a required message: reference it whole, as "\${${name}}"`,
    );
  }
  const current = context.variables.get(name);
  // The colon forms treat an empty value like an unset one, as compose does.
  const colonForm = operator !== undefined && operator.startsWith(':');
  const unsetOrEmpty = current === undefined || (colonForm && current === '');
  switch (operator) {
    case undefined:
      if (current === undefined) throw new InterpolationError(`variable ${name} has no value and no default`);
      return current;
    case ':-':
    case '-':
      return unsetOrEmpty ? expand(argument, context) : current!;
    default: // ':?' and '?'
      if (unsetOrEmpty) throw new InterpolationError(`variable ${name} is required: ${argument || 'no value set'}`);
      return current!;
  }
}

/**
 * Interpolates every string in a parsed YAML tree. Problems are reported with the path of the value
 * that holds them; the rest of the tree is still interpolated.
 */
export function interpolateTree(
  node: unknown,
  context: InterpolationContext,
  report: (path: Array<string | number>, message: string) => void,
  path: Array<string | number> = [],
): unknown {
  if (typeof node === 'string') {
    const result = interpolateString(node, context);
    if ('error' in result) {
      report(path, result.error);
      return node;
    }
    return result.value;
  }
  if (Array.isArray(node)) {
    const listsVariables = path.length === 3 && path[0] === 'services' && path[2] === 'environment';
    return node.map((item, index) =>
      listsVariables && typeof item === 'string' && item.includes('=')
        ? interpolateListedVariable(item, context, (message) => report([...path, index], message))
        : interpolateTree(item, context, report, [...path, index]),
    );
  }
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateTree(value, context, report, [...path, key])]),
    );
  }
  return node;
}

/**
 * A `KEY=VALUE` entry of a service's `environment` list: the value is what the mapping form would hold,
 * so it is interpolated on its own, and `- PASSWORD=${DB_PASSWORD}` is a whole secret value, as
 * `PASSWORD: ${DB_PASSWORD}` is.
 */
function interpolateListedVariable(item: string, context: InterpolationContext, report: (message: string) => void): string | SecretReference {
  const equals = item.indexOf('=');
  const variable = item.slice(0, equals);
  const result = interpolateString(item.slice(equals + 1), context);
  if ('error' in result) {
    report(result.error);
    return item;
  }
  return result.value instanceof SecretReference ? new SecretReference(result.value.key, variable) : `${variable}=${result.value}`;
}
