import { needsShell, splitShellWords } from '../../lib/loader/shell-words';

describe('splitShellWords', () => {
  it('splits on runs of spaces, tabs and newlines', () => {
    expect(splitShellWords('  redis-server \t--appendonly\n yes  ')).toEqual(['redis-server', '--appendonly', 'yes']);
  });

  it('returns no words for an empty or blank string', () => {
    expect(splitShellWords('')).toEqual([]);
    expect(splitShellWords('   ')).toEqual([]);
  });

  it('keeps a double-quoted phrase as one word without the quotes', () => {
    expect(splitShellWords('sqlcmd -Q "SELECT 1"')).toEqual(['sqlcmd', '-Q', 'SELECT 1']);
  });

  it('keeps a single-quoted phrase as one word without the quotes', () => {
    expect(splitShellWords("echo 'a  b'")).toEqual(['echo', 'a  b']);
  });

  it('joins quoted and unquoted parts that touch into one word', () => {
    expect(splitShellWords('--name="my app"x')).toEqual(['--name=my appx']);
  });

  it('keeps an empty quoted string as an empty word', () => {
    expect(splitShellWords('run "" last')).toEqual(['run', '', 'last']);
  });

  it('does not expand $ or backslashes inside single quotes', () => {
    expect(splitShellWords("echo '$HOME\\n'")).toEqual(['echo', '$HOME\\n']);
  });

  it('inside double quotes, a backslash escapes only " \\ $ and `', () => {
    expect(splitShellWords('"a\\"b" "c\\\\d" "e\\$f" "g\\nh"')).toEqual(['a"b', 'c\\d', 'e$f', 'g\\nh']);
  });

  it('outside quotes, a backslash escapes the next character, including a space', () => {
    expect(splitShellWords('cat my\\ file \\"x')).toEqual(['cat', 'my file', '"x']);
  });

  it('keeps a trailing backslash as a literal character', () => {
    expect(splitShellWords('echo a\\')).toEqual(['echo', 'a\\']);
  });

  it('keeps a single quote inside double quotes and a double quote inside single quotes', () => {
    expect(splitShellWords(`"it's" 'say "hi"'`)).toEqual(["it's", 'say "hi"']);
  });

  it('returns undefined when a double quote is left open', () => {
    expect(splitShellWords('echo "unclosed')).toBeUndefined();
  });

  it('returns undefined when a single quote is left open', () => {
    expect(splitShellWords("echo 'unclosed")).toBeUndefined();
  });

  it('splits the production gunicorn command into its argv', () => {
    expect(splitShellWords('gunicorn app.main:app -w 4 -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000')).toEqual([
      'gunicorn', 'app.main:app', '-w', '4', '-k', 'uvicorn.workers.UvicornWorker', '--bind', '0.0.0.0:8000',
    ]);
  });
});

describe('needsShell', () => {
  it.each([
    'curl -f http://localhost/ || exit 1',
    'a && b',
    'a; b',
    'echo $HOME',
    'echo ${X}',
    'cat < in',
    'echo > out',
    'echo `date`',
    'ls *.txt',
    'ls ~',
    '(cd /x)',
    'line1\nline2',
  ])('is true for %p', (text) => {
    expect(needsShell(text)).toBe(true);
  });

  it.each([
    'redis-cli ping',
    'curl -f http://localhost:8000/health',
    'sqlcmd -Q "SELECT 1" -o /dev/null',
    "pg_isready -U 'postgres'",
    'app --opt=a,b:c@d',
  ])('is false for %p', (text) => {
    expect(needsShell(text)).toBe(false);
  });
});
