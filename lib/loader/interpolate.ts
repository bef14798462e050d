/**
 * Compose variable interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`,
 * `${VAR?error}`, `$VAR`, and `$$` for a literal dollar), applied to every string of a compose file.
 *
 * Secrets are different: their values are never known here. A value that is exactly `${SECRET}` becomes
 * a SecretReference, which only an environment variable can carry (as a secretKeyRef). A secret inside a
 * longer string cannot be expressed without rendering its value, so that is an error.
 */

export class SecretReference {
  constructor(readonly key: string) {}
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
  const pattern = /\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*)|)/g;
  let error: string | undefined;
  const value = text.replace(pattern, (match, dollar: string, braced: string | undefined, bare: string | undefined) => {
    if (dollar) return '$';
    if (error) return match;
    const expression = braced ?? bare;
    if (expression === undefined) {
      error = `a lone "$" in "${text}": write "$$" for a literal dollar sign`;
      return match;
    }
    const parsed = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])(.*))?$/s.exec(expression);
    if (!parsed) {
      error = `"\${${expression}}" is not a valid variable reference`;
      return match;
    }
    const [, name, operator, argument] = parsed;
    if (context.secretKeys.has(name)) {
      error = `secret ${name} is embedded in a longer value; a secret can only be a whole environment value "\${${name}}"`;
      return match;
    }
    const current = context.variables.get(name);
    // The colon forms treat an empty value like an unset one, as compose does.
    const colonForm = operator !== undefined && operator.startsWith(':');
    const unsetOrEmpty = current === undefined || (colonForm && current === '');
    switch (operator) {
      case undefined:
        if (current === undefined) error = `variable ${name} has no value and no default`;
        return current ?? match;
      case ':-':
      case '-':
        return unsetOrEmpty ? argument : current!;
      default: // ':?' and '?'
        if (unsetOrEmpty) error = `variable ${name} is required: ${argument || 'no value set'}`;
        return current ?? match;
    }
  });
  return error ? { error } : { value };
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
    return node.map((item, index) => interpolateTree(item, context, report, [...path, index]));
  }
  if (node !== null && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node).map(([key, value]) => [key, interpolateTree(value, context, report, [...path, key])]),
    );
  }
  return node;
}
