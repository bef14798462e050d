/**
 * Problems in the user's input (compose files, environment settings). Each one names the file, the line
 * where the YAML parser knows it, the service and the field, so a single line says what to fix.
 */

export interface ProblemLocation {
  /** Path of the file, relative to the project root. */
  readonly file: string;
  /** 1-based line, when the parser knows it. */
  readonly line?: number;
  /** Compose service the problem belongs to, if any. */
  readonly service?: string;
  /** Dotted path of the field inside the service or the settings file. */
  readonly field?: string;
}

export interface Problem extends ProblemLocation {
  readonly message: string;
}

/**
 * One line per problem, whatever the input held: a value quoted in a message (or a key used as a
 * service or field name) may contain line breaks or other control characters, which are shown escaped.
 */
export function formatProblem(problem: Problem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const parts = [where];
  if (problem.service) parts.push(`service "${problem.service}"`);
  if (problem.field) parts.push(`field "${problem.field}"`);
  return `${parts.join(': ')}: ${problem.message}`.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, escapeControlCharacter);
}

function escapeControlCharacter(character: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return named[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Thrown once loading is over, carrying every problem found, so a user fixes them all in one pass. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Accumulates problems while loading; `throwIfAny` ends the load when something was wrong. */
export class ProblemCollector {
  private readonly found: Problem[] = [];
  readonly warnings: Problem[] = [];

  /** Records a problem; the same problem found again (a file shared by environments) is kept once. */
  add(problem: Problem): void {
    if (!this.found.some((known) => sameProblem(known, problem))) this.found.push(problem);
  }

  warn(problem: Problem): void {
    if (!this.warnings.some((known) => sameProblem(known, problem))) this.warnings.push(problem);
  }

  /** Whether a problem found so far matches `predicate`. */
  some(predicate: (problem: Problem) => boolean): boolean {
    return this.found.some(predicate);
  }

  get count(): number {
    return this.found.length;
  }

  /** Whether a problem matching `test` was recorded, so a consequence of it need not be reported too. */
  has(test: (problem: Problem) => boolean): boolean {
    return this.found.some(test);
  }

  throwIfAny(): void {
    if (this.found.length > 0) {
      throw new ConfigError(this.found);
    }
  }
}

function sameProblem(a: Problem, b: Problem): boolean {
  return a.file === b.file && a.line === b.line && a.service === b.service && a.field === b.field && a.message === b.message;
}
