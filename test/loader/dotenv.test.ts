import { ProblemCollector } from '../../lib/errors';
import { parseDotenv } from '../../lib/loader/dotenv';

function parse(text: string) {
  const problems = new ProblemCollector();
  const variables = parseDotenv(text, 'compose/.env', problems);
  return { variables, problems };
}

describe('parseDotenv', () => {
  it('reads KEY=VALUE lines in file order', () => {
    const { variables, problems } = parse('B=2\nA=1\nC=3\n');
    expect([...variables]).toEqual([['B', '2'], ['A', '1'], ['C', '3']]);
    expect(problems.count).toBe(0);
  });

  it('skips blank lines and # comment lines, including indented ones', () => {
    const { variables, problems } = parse('# header\n\n   \n  # indented comment\nA=1\n');
    expect([...variables]).toEqual([['A', '1']]);
    expect(problems.count).toBe(0);
  });

  it('accepts an "export " prefix', () => {
    expect([...parse('export DEBUG=True').variables]).toEqual([['DEBUG', 'True']]);
  });

  it('trims spaces around the key, the = and the value', () => {
    expect([...parse('  KEY  =  some value  ').variables]).toEqual([['KEY', 'some value']]);
  });

  it('keeps everything after the first =, including further = signs', () => {
    expect(parse('DATABASE_URL=mssql://sa@db:1433/app?driver=ODBC').variables.get('DATABASE_URL')).toBe('mssql://sa@db:1433/app?driver=ODBC');
  });

  it('reads KEY= as an empty value', () => {
    expect(parse('EMPTY=').variables.get('EMPTY')).toBe('');
  });

  it('removes surrounding double quotes and keeps the inside verbatim', () => {
    expect(parse('TITLE="Trámites # Migratorios"').variables.get('TITLE')).toBe('Trámites # Migratorios');
  });

  it('removes surrounding single quotes and keeps the inside verbatim', () => {
    expect(parse("PATTERN='$x and #y'").variables.get('PATTERN')).toBe('$x and #y');
  });

  it('strips an inline comment that follows whitespace on an unquoted value', () => {
    expect(parse('PORT=8000   # the API port').variables.get('PORT')).toBe('8000');
  });

  it('keeps a # that does not follow whitespace', () => {
    expect(parse('COLOR=#ff0000\nTAG=a#b').variables).toEqual(new Map([['COLOR', '#ff0000'], ['TAG', 'a#b']]));
  });

  it('handles Windows CRLF line endings', () => {
    expect([...parse('A=1\r\nB=2\r\n').variables]).toEqual([['A', '1'], ['B', '2']]);
  });

  it('lets a repeated key take the last value, keeping its first position', () => {
    expect([...parse('A=1\nB=2\nA=3').variables]).toEqual([['A', '3'], ['B', '2']]);
  });

  it('reports a line without = with its 1-based line number and the line text, and goes on', () => {
    const { variables, problems } = parse('A=1\n\nnot a setting\nB=2');
    expect([...variables]).toEqual([['A', '1'], ['B', '2']]);
    expect(() => problems.throwIfAny()).toThrow('compose/.env:3: expected KEY=VALUE, found "not a setting"');
    expect(problems.count).toBe(1);
  });

  it('reports a key that starts with a digit', () => {
    const { variables, problems } = parse('1KEY=x');
    expect(variables.size).toBe(0);
    expect(() => problems.throwIfAny()).toThrow('compose/.env:1: expected KEY=VALUE, found "1KEY=x"');
  });

  it('strips a comment after a quoted value and keeps the quotes out', () => {
    const { variables } = parse('G="a b" # comment\nH=\'x\' #c\nI="has # inside"');
    expect([...variables]).toEqual([['G', 'a b'], ['H', 'x'], ['I', 'has # inside']]);
  });
});
