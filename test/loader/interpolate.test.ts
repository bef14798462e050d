import { interpolateString, interpolateTree, SecretReference, type InterpolationContext } from '../../lib/loader/interpolate';

const context: InterpolationContext = {
  variables: new Map([
    ['HOST', 'db'],
    ['PORT', '1433'],
    ['EMPTY', ''],
  ]),
  secretKeys: new Set(['DB_PASSWORD']),
};

const interpolate = (text: string) => interpolateString(text, context);

describe('interpolateString: variables', () => {
  it('replaces ${VAR} with its value inside a longer string', () => {
    expect(interpolate('tcp://${HOST}:${PORT}')).toEqual({ value: 'tcp://db:1433' });
  });

  it('replaces bare $VAR with its value', () => {
    expect(interpolate('$HOST:$PORT')).toEqual({ value: 'db:1433' });
  });

  it('leaves a string without $ unchanged', () => {
    expect(interpolate('plain text')).toEqual({ value: 'plain text' });
  });

  it('replaces a set but empty ${VAR} with the empty string', () => {
    expect(interpolate('[${EMPTY}]')).toEqual({ value: '[]' });
  });

  it('reports a ${VAR} that is unset and has no default', () => {
    expect(interpolate('${MISSING}')).toEqual({ error: 'variable MISSING has no value and no default' });
  });

  it('reports a bare $VAR that is unset', () => {
    expect(interpolate('x-$MISSING')).toEqual({ error: 'variable MISSING has no value and no default' });
  });
});

describe('interpolateString: defaults and required values', () => {
  it('${VAR:-default} uses the default when VAR is unset', () => {
    expect(interpolate('${MISSING:-False}')).toEqual({ value: 'False' });
  });

  it('${VAR:-default} uses the default when VAR is empty', () => {
    expect(interpolate('${EMPTY:-fallback}')).toEqual({ value: 'fallback' });
  });

  it('${VAR:-default} uses the value when VAR is set', () => {
    expect(interpolate('${HOST:-other}')).toEqual({ value: 'db' });
  });

  it('${VAR:-default} keeps a default that contains ":" and "/"', () => {
    expect(interpolate('${MISSING:-http://localhost:8000}')).toEqual({ value: 'http://localhost:8000' });
  });

  it('${VAR-default} uses the default when VAR is unset', () => {
    expect(interpolate('${MISSING-fallback}')).toEqual({ value: 'fallback' });
  });

  it('${VAR-default} keeps an empty value instead of the default', () => {
    expect(interpolate('[${EMPTY-fallback}]')).toEqual({ value: '[]' });
  });

  it('${VAR:?message} reports the message when VAR is unset', () => {
    expect(interpolate('${MISSING:?set MISSING in .env}')).toEqual({ error: 'variable MISSING is required: set MISSING in .env' });
  });

  it('${VAR:?message} reports the message when VAR is empty', () => {
    expect(interpolate('${EMPTY:?must not be empty}')).toEqual({ error: 'variable EMPTY is required: must not be empty' });
  });

  it('${VAR:?} without a message says "no value set"', () => {
    expect(interpolate('${MISSING:?}')).toEqual({ error: 'variable MISSING is required: no value set' });
  });

  it('${VAR:?message} uses the value when VAR is set', () => {
    expect(interpolate('${PORT:?needed}')).toEqual({ value: '1433' });
  });

  it('${VAR?message} accepts an empty value', () => {
    expect(interpolate('[${EMPTY?needed}]')).toEqual({ value: '[]' });
  });

  it('${VAR?message} reports the message when VAR is unset', () => {
    expect(interpolate('${MISSING?needed}')).toEqual({ error: 'variable MISSING is required: needed' });
  });
});

describe('interpolateString: nested defaults', () => {
  it('${UNSET:-${HOST}} takes the nested variable', () => {
    expect(interpolate('${UNSET:-${HOST}}')).toEqual({ value: 'db' });
  });

  it('${HOST:-${PORT}} keeps the set value and leaves no stray brace', () => {
    expect(interpolate('${HOST:-${PORT}}:x')).toEqual({ value: 'db:x' });
  });

  it('${UNSET:-${ALSO_UNSET:-deep}} resolves two levels', () => {
    expect(interpolate('${UNSET:-${ALSO_UNSET:-deep}}')).toEqual({ value: 'deep' });
  });

  it('reports a ${ without its closing brace', () => {
    expect(interpolate('${HOST')).toEqual({ error: '"${HOST" has a "${" without its closing "}"' });
  });
});

describe('interpolateString: dollar signs', () => {
  it('turns $$ into a literal $', () => {
    expect(interpolate('cost: $$5')).toEqual({ value: 'cost: $5' });
  });

  it('turns "$${SA_PASSWORD}" into the literal "${SA_PASSWORD}" for the container shell', () => {
    expect(interpolate('-P "$${SA_PASSWORD}"')).toEqual({ value: '-P "${SA_PASSWORD}"' });
  });

  it('does not treat $$ followed by a secret name as a secret', () => {
    expect(interpolate('$$DB_PASSWORD')).toEqual({ value: '$DB_PASSWORD' });
  });

  it('reports a lone $ and suggests $$', () => {
    expect(interpolate('price $ 5')).toEqual({ error: 'a lone "$" in "price $ 5": write "$$" for a literal dollar sign' });
  });

  it('reports ${} as an invalid variable reference', () => {
    expect(interpolate('${}')).toEqual({ error: '"${}" is not a valid variable reference' });
  });

  it('reports ${1ABC} as an invalid variable reference', () => {
    expect(interpolate('${1ABC}')).toEqual({ error: '"${1ABC}" is not a valid variable reference' });
  });
});

describe('interpolateString: secrets', () => {
  it('turns a whole "${SECRET}" into a SecretReference to that key', () => {
    const result = interpolate('${DB_PASSWORD}');
    expect(result).toEqual({ value: new SecretReference('DB_PASSWORD') });
    expect('value' in result && result.value instanceof SecretReference && result.value.key).toBe('DB_PASSWORD');
  });

  it('turns a whole bare "$SECRET" into a SecretReference', () => {
    const result = interpolate('$DB_PASSWORD');
    expect('value' in result && result.value instanceof SecretReference && result.value.key).toBe('DB_PASSWORD');
  });

  it('reports a secret embedded in a longer value', () => {
    expect(interpolate('mssql://sa:${DB_PASSWORD}@db')).toEqual({
      error: 'secret DB_PASSWORD is embedded in a longer value; a secret can only be a whole environment value "${DB_PASSWORD}"',
    });
  });

  it('reports a secret with a default as such, not as embedded', () => {
    expect(interpolate('${DB_PASSWORD:-changeme}')).toEqual({
      error: 'secret DB_PASSWORD cannot have a default or a required message: reference it whole, as "${DB_PASSWORD}"',
    });
  });
});

describe('interpolateTree', () => {
  it('interpolates strings at every depth and leaves keys, numbers, booleans and null alone', () => {
    const tree = { services: { db: { image: 'sql:${PORT}', ports: ['${PORT}:1433', 80], tty: false, x: null, $HOST: 'k' } } };
    const problems: Array<[Array<string | number>, string]> = [];
    const result = interpolateTree(tree, context, (path, message) => problems.push([path, message]));
    expect(result).toEqual({ services: { db: { image: 'sql:1433', ports: ['1433:1433', 80], tty: false, x: null, $HOST: 'k' } } });
    expect(problems).toEqual([]);
  });

  it('reports each problem with the key and list-index path of the value, and keeps the original string there', () => {
    const tree = { services: { api: { environment: { A: '${MISSING}' }, command: ['run', 'x${DB_PASSWORD}'] } } };
    const problems: Array<[Array<string | number>, string]> = [];
    const result = interpolateTree(tree, context, (path, message) => problems.push([path, message]));
    expect(problems).toEqual([
      [['services', 'api', 'environment', 'A'], 'variable MISSING has no value and no default'],
      [
        ['services', 'api', 'command', 1],
        'secret DB_PASSWORD is embedded in a longer value; a secret can only be a whole environment value "${DB_PASSWORD}"',
      ],
    ]);
    expect(result).toEqual({ services: { api: { environment: { A: '${MISSING}' }, command: ['run', 'x${DB_PASSWORD}'] } } });
  });

  it('puts a SecretReference where a value is a whole secret', () => {
    const result = interpolateTree({ environment: { SA_PASSWORD: '${DB_PASSWORD}' } }, context, () => undefined) as {
      environment: { SA_PASSWORD: unknown };
    };
    expect(result.environment.SA_PASSWORD).toBeInstanceOf(SecretReference);
    expect((result.environment.SA_PASSWORD as SecretReference).key).toBe('DB_PASSWORD');
  });
});
