import type { HealthcheckSpec } from '../../lib/loader/compose-file';
import { detectHttpCheck, toHealthcheckModel } from '../../lib/loader/healthcheck';

/** Compose's defaults when a health check sets no timing. */
const DEFAULT_TIMING = { intervalSeconds: 30, timeoutSeconds: 30, retries: 3, startPeriodSeconds: undefined, startIntervalSeconds: undefined };

const probe = (test: HealthcheckSpec['test'], timing: Partial<HealthcheckSpec> = {}) => toHealthcheckModel({ test, ...timing });

describe('toHealthcheckModel: HTTP checks become HTTP probes', () => {
  it('turns "curl -f http://localhost:8000/health || exit 1" into an http probe on port 8000, path /health', () => {
    expect(probe('curl -f http://localhost:8000/health || exit 1')).toEqual({ ...DEFAULT_TIMING, kind: 'http', port: 8000, path: '/health' });
  });

  it('turns ["CMD", "curl", "-f", URL] into an http probe', () => {
    expect(probe(['CMD', 'curl', '-f', 'http://localhost:8000/health'])).toEqual({ ...DEFAULT_TIMING, kind: 'http', port: 8000, path: '/health' });
  });

  it('turns ["CMD-SHELL", "curl -fsS URL || exit 1"] into an http probe', () => {
    expect(probe(['CMD-SHELL', 'curl -fsS http://127.0.0.1:3000/ready || exit 1'])).toEqual({
      ...DEFAULT_TIMING, kind: 'http', port: 3000, path: '/ready',
    });
  });

  it('turns "wget --spider -q http://localhost:3000/" into an http probe on port 3000, path /', () => {
    expect(probe('wget --spider -q http://localhost:3000/')).toEqual({ ...DEFAULT_TIMING, kind: 'http', port: 3000, path: '/' });
  });

  it('defaults to port 80 and path / when the URL has neither', () => {
    expect(probe(['CMD', 'curl', '--fail', 'http://localhost'])).toEqual({ ...DEFAULT_TIMING, kind: 'http', port: 80, path: '/' });
  });
});

describe('toHealthcheckModel: other checks become exec probes', () => {
  it('runs ["CMD", "redis-cli", "ping"] as exactly the argv redis-cli ping', () => {
    expect(probe(['CMD', 'redis-cli', 'ping'])).toEqual({ ...DEFAULT_TIMING, kind: 'exec', command: ['redis-cli', 'ping'] });
  });

  it('runs the sqlcmd shell string through sh -c as one whole string, never as a one-element argv', () => {
    const test = '/opt/mssql-tools18/bin/sqlcmd -C -S localhost -U sa -P "${SA_PASSWORD}" -Q "SELECT 1" -b -o /dev/null';
    expect(probe(test)).toEqual({ ...DEFAULT_TIMING, kind: 'exec', command: ['sh', '-c', test] });
  });

  it('runs a simple shell string without shell syntax through sh -c as well', () => {
    expect(probe('pg_isready -U postgres')).toEqual({ ...DEFAULT_TIMING, kind: 'exec', command: ['sh', '-c', 'pg_isready -U postgres'] });
  });

  it('runs CMD-SHELL through sh -c, joining the list after CMD-SHELL with spaces', () => {
    expect(probe(['CMD-SHELL', 'test -f /tmp/ready', '&& echo ok'])).toEqual({
      ...DEFAULT_TIMING, kind: 'exec', command: ['sh', '-c', 'test -f /tmp/ready && echo ok'],
    });
  });

  it('keeps "|| exit 1" in the sh -c command when the check is not HTTP', () => {
    expect(probe('redis-cli ping || exit 1')).toEqual({ ...DEFAULT_TIMING, kind: 'exec', command: ['sh', '-c', 'redis-cli ping || exit 1'] });
  });

  it('does not make curl without -f an http probe (curl exits 0 on HTTP errors): shell string', () => {
    expect(probe('curl http://localhost:8000/health')).toEqual({
      ...DEFAULT_TIMING, kind: 'exec', command: ['sh', '-c', 'curl http://localhost:8000/health'],
    });
  });

  it('does not make curl without -f an http probe: CMD list', () => {
    expect(probe(['CMD', 'curl', 'http://localhost:8000/health'])).toEqual({
      ...DEFAULT_TIMING, kind: 'exec', command: ['curl', 'http://localhost:8000/health'],
    });
  });

  it('does not make wget without --spider an http probe', () => {
    expect(probe(['CMD', 'wget', '-q', 'http://localhost:3000/'])).toEqual({
      ...DEFAULT_TIMING, kind: 'exec', command: ['wget', '-q', 'http://localhost:3000/'],
    });
  });

  it('does not make a curl against another host an http probe', () => {
    expect(probe(['CMD', 'curl', '-f', 'http://backend:8000/health'])).toEqual({
      ...DEFAULT_TIMING, kind: 'exec', command: ['curl', '-f', 'http://backend:8000/health'],
    });
  });
});

describe('toHealthcheckModel: disabled checks', () => {
  it('returns undefined for ["NONE"]', () => {
    expect(probe(['NONE'])).toBeUndefined();
  });

  it('returns undefined for disable: true even with a test', () => {
    expect(toHealthcheckModel({ test: ['CMD', 'redis-cli', 'ping'], disable: true })).toBeUndefined();
  });

  it('returns undefined when there is no test', () => {
    expect(toHealthcheckModel({ intervalSeconds: 10 })).toBeUndefined();
  });
});

describe('toHealthcheckModel: timing', () => {
  it('uses the given interval, timeout and retries', () => {
    expect(probe(['CMD', 'redis-cli', 'ping'], { intervalSeconds: 5, timeoutSeconds: 3, retries: 5 })).toEqual({
      intervalSeconds: 5, timeoutSeconds: 3, retries: 5, startPeriodSeconds: undefined, startIntervalSeconds: undefined,
      kind: 'exec', command: ['redis-cli', 'ping'],
    });
  });

  it('sets startPeriodSeconds from start_period and defaults startIntervalSeconds to 5', () => {
    const model = probe(['CMD', 'redis-cli', 'ping'], { startPeriodSeconds: 40 });
    expect(model?.startPeriodSeconds).toBe(40);
    expect(model?.startIntervalSeconds).toBe(5);
  });

  it('uses the given start_interval during start_period', () => {
    const model = probe(['CMD', 'redis-cli', 'ping'], { startPeriodSeconds: 40, startIntervalSeconds: 2 });
    expect(model?.startIntervalSeconds).toBe(2);
  });

  it('drops start_interval when there is no start_period', () => {
    const model = probe(['CMD', 'redis-cli', 'ping'], { startIntervalSeconds: 2 });
    expect(model?.startPeriodSeconds).toBeUndefined();
    expect(model?.startIntervalSeconds).toBeUndefined();
  });

  it('treats start_period 0 as no start period', () => {
    const model = probe(['CMD', 'redis-cli', 'ping'], { startPeriodSeconds: 0 });
    expect(model?.startPeriodSeconds).toBeUndefined();
    expect(model?.startIntervalSeconds).toBeUndefined();
  });
});

describe('detectHttpCheck', () => {
  it.each([
    [['curl', '-f', 'http://localhost:8000/health'], { port: 8000, path: '/health' }],
    [['curl', '-sf', 'http://localhost:8000/health'], { port: 8000, path: '/health' }],
    [['curl', '--silent', '--fail', 'http://localhost/'], { port: 80, path: '/' }],
    [['wget', '-q', '--spider', 'http://127.0.0.1:8080/live'], { port: 8080, path: '/live' }],
  ])('recognises %j', (argv, expected) => {
    expect(detectHttpCheck(argv)).toEqual(expected);
  });

  it.each([
    [['curl', '-s', 'http://localhost/']],
    [['curl', '-f', '-X', 'POST', 'http://localhost/']],
    [['curl', '-f', '-o', '/dev/null', 'http://localhost/']],
    [['curl', '-f', 'https://localhost/']],
    [['curl', '-f']],
    [['wget', '-q', 'http://localhost/']],
    [['nc', '-z', 'localhost']],
    [[]],
  ])('does not recognise %j', (argv) => {
    expect(detectHttpCheck(argv)).toBeUndefined();
  });
});
