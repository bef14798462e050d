import { ConfigError, formatProblem, ProblemCollector } from '../lib/errors';

describe('formatProblem', () => {
  test('names the file and line, the service and the field, then the message', () => {
    expect(formatProblem({ file: 'compose/docker-compose.yml', line: 12, service: 'db', field: 'deploy.replicas', message: 'is wrong' })).toBe(
      'compose/docker-compose.yml:12: service "db": field "deploy.replicas": is wrong',
    );
  });

  test('leaves out what is not known', () => {
    expect(formatProblem({ file: 'compose/.env', message: 'file not found' })).toBe('compose/.env: file not found');
  });

  test('keeps a problem on one line when the input put line breaks into a value, a service or a field name', () => {
    const line = formatProblem({ file: 'f.yml', service: 'a\nb', field: 'x\r\ny', message: '"4\nGB" is not a memory size\u2028' });
    expect(line).toBe('f.yml: service "a\\nb": field "x\\r\\ny": "4\\nGB" is not a memory size\\u2028');
  });
});

describe('ProblemCollector', () => {
  test('keeps a problem found twice (a file shared by environments) once', () => {
    const problems = new ProblemCollector();
    problems.add({ file: 'f.yml', line: 1, message: 'm' });
    problems.add({ file: 'f.yml', line: 1, message: 'm' });
    expect(problems.count).toBe(1);
  });

  test('throws every problem at once in a ConfigError', () => {
    const problems = new ProblemCollector();
    problems.add({ file: 'a.yml', message: 'one' });
    problems.add({ file: 'b.yml', message: 'two' });
    expect(() => problems.throwIfAny()).toThrow(new ConfigError([{ file: 'a.yml', message: 'one' }, { file: 'b.yml', message: 'two' }]));
  });

  test('answers whether a matching problem was recorded', () => {
    const problems = new ProblemCollector();
    problems.add({ file: 'a.yml', field: 'deploy', message: 'must be a mapping' });
    expect(problems.has((problem) => problem.field === 'deploy')).toBe(true);
    expect(problems.has((problem) => problem.field === 'image')).toBe(false);
  });
});
