import {
  bytesToKubernetesMemory,
  millicoresToKubernetesCpu,
  parseDurationSeconds,
  parseKubernetesQuantity,
  parseMemoryBytes,
  parseMillicores,
  toKubernetesCpu,
  sameQuantity,
  toKubernetesMemory,
  UnitError,
} from '../lib/units';

describe('toKubernetesMemory', () => {
  it.each([
    ['512M', '512Mi'],
    ['4G', '4Gi'],
    ['8G', '8Gi'],
    ['1536M', '1536Mi'],
    ['512MB', '512Mi'],
    ['1g', '1Gi'],
    ['2048k', '2Mi'],
    ['0.5g', '512Mi'],
    ['1024', '1Ki'],
    ['1000', '1000'],
    ['512b', '512'],
  ])('renders %s as %s', (input, expected) => {
    expect(toKubernetesMemory(input)).toBe(expected);
  });

  it('accepts a YAML number as plain bytes: 536870912 -> 512Mi', () => {
    expect(toKubernetesMemory(536870912)).toBe('512Mi');
  });

  it.each(['4 GB', '-1', 'abc', '0', '', '512T', '1.3k', '0.5b'])('rejects %p with a UnitError', (input) => {
    expect(() => toKubernetesMemory(input)).toThrow(UnitError);
  });

  it('names the value and the accepted units when the unit is unknown', () => {
    expect(() => toKubernetesMemory('4 GB')).toThrow(
      '"4 GB" is not a memory size: use a number with an optional unit b, k, m or g (e.g. 512M, 4G)',
    );
  });

  it('says a fractional byte count is not a whole number of bytes (1.3k = 1331.2 bytes)', () => {
    expect(() => toKubernetesMemory('1.3k')).toThrow('"1.3k" is not a memory size: it must be a positive whole number of bytes');
  });

  it('says zero is not a positive number of bytes', () => {
    expect(() => toKubernetesMemory('0')).toThrow('"0" is not a memory size: it must be a positive whole number of bytes');
  });

  it('refuses a fraction that only float rounding makes whole: 5000000.7g is 5368709871619276.8 bytes', () => {
    expect(() => toKubernetesMemory('5000000.7g')).toThrow('"5000000.7g" is not a memory size: it must be a positive whole number of bytes');
  });
});

describe('parseMemoryBytes', () => {
  it('uses binary units: 512M is 536870912 bytes and 512MB is the same', () => {
    expect(parseMemoryBytes('512M')).toBe(536870912);
    expect(parseMemoryBytes('512MB')).toBe(536870912);
  });

  it('accepts a fraction that is a whole number of bytes: 1.5k is 1536 bytes', () => {
    expect(parseMemoryBytes('1.5k')).toBe(1536);
  });

  it('trims surrounding whitespace: " 4G " is 4294967296 bytes', () => {
    expect(parseMemoryBytes(' 4G ')).toBe(4294967296);
  });
});

describe('bytesToKubernetesMemory', () => {
  it('uses the largest exact binary suffix and plain bytes otherwise', () => {
    expect(bytesToKubernetesMemory(3 * 1024 ** 3)).toBe('3Gi');
    expect(bytesToKubernetesMemory(1536 * 1024 ** 2)).toBe('1536Mi');
    expect(bytesToKubernetesMemory(1536)).toBe('1536');
  });
});

describe('toKubernetesCpu', () => {
  it.each([
    ['0.5', '500m'],
    ['2.0', '2'],
    ['1', '1'],
    ['0.25', '250m'],
    ['1.5', '1500m'],
    ['0.001', '1m'],
    ['0.1', '100m'],
    ['.5', '500m'],
  ])('renders %s cores as %s', (input, expected) => {
    expect(toKubernetesCpu(input)).toBe(expected);
  });

  it('accepts a YAML number: 0.5 -> 500m', () => {
    expect(toKubernetesCpu(0.5)).toBe('500m');
  });

  it.each(['0', '0.0', '-1', 'abc', '', '0.0001', '0.0005'])('rejects %p with a UnitError', (input) => {
    expect(() => toKubernetesCpu(input)).toThrow(UnitError);
  });

  it('says zero must be greater than zero', () => {
    expect(() => toKubernetesCpu('0')).toThrow('"0" is not a CPU amount: it must be greater than zero');
  });

  it('says 0.0001 is finer than the 1m step Kubernetes can express', () => {
    expect(() => toKubernetesCpu('0.0001')).toThrow(
      '"0.0001" is not a CPU amount Kubernetes can express: the smallest step is 0.001 (1m)',
    );
  });

  it('refuses 1.0000000001 cores rather than rounding it to 1: it is finer than 1m', () => {
    expect(() => toKubernetesCpu('1.0000000001')).toThrow('the smallest step is 0.001 (1m)');
  });

  it('says -1 is not a positive decimal number of cores', () => {
    expect(() => toKubernetesCpu('-1')).toThrow('"-1" is not a CPU amount: use a positive decimal number of cores (e.g. 0.5, 2.0)');
  });
});

describe('parseMillicores / millicoresToKubernetesCpu', () => {
  it('parses 2.0 cores as 2000 millicores and 0.25 as 250', () => {
    expect(parseMillicores('2.0')).toBe(2000);
    expect(parseMillicores('0.25')).toBe(250);
  });

  it('renders whole cores without a suffix and the rest in m', () => {
    expect(millicoresToKubernetesCpu(3000)).toBe('3');
    expect(millicoresToKubernetesCpu(1500)).toBe('1500m');
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['10s', 10],
    ['1m30s', 90],
    ['1h', 3600],
    ['1.5m', 90],
    ['500ms', 1],
    ['1500ms', 2],
    ['1s500ms', 2],
    ['2.5s', 3],
    ['100us', 1],
    ['30', 30],
    [' 10s ', 10],
    ['0s', 0],
  ])('parses %p as %d whole seconds (fractions round up)', (input, expected) => {
    expect(parseDurationSeconds(input)).toBe(expected);
  });

  it('accepts a YAML number as seconds: 40 -> 40', () => {
    expect(parseDurationSeconds(40)).toBe(40);
  });

  it.each(['', 'abc', '10x', '1m30', '-5s', '1.5', '10 s', 's'])('rejects %p with a UnitError', (input) => {
    expect(() => parseDurationSeconds(input)).toThrow(UnitError);
  });

  it('refuses a duration longer than a probe field holds (2^31 - 1 seconds)', () => {
    expect(parseDurationSeconds(String(2 ** 31 - 1))).toBe(2 ** 31 - 1);
    expect(() => parseDurationSeconds('600000h')).toThrow('"600000h" is too long a duration: at most 2147483647 seconds');
  });

  it('names the value and gives examples when it is not a duration', () => {
    expect(() => parseDurationSeconds('1m30')).toThrow('"1m30" is not a duration: use e.g. 10s, 1m30s or 500ms');
  });
});

describe('parseKubernetesQuantity', () => {
  test.each([
    ['100Gi', '102400Mi'],
    ['1Gi', '1073741824'],
    ['500m', '0.5'],
    ['1', '1000m'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1.5Gi', '1536Mi'],
    ['2M', '2000k'],
  ])('%s equals %s', (a, b) => {
    expect(sameQuantity(a, b)).toBe(true);
  });

  test.each([['100Gi', '100G'], ['1Mi', '1M'], ['1', '1001m']])('%s differs from %s', (a, b) => {
    expect(sameQuantity(a, b)).toBe(false);
  });

  test('orders by value: 200Gi is more than 102400Mi', () => {
    expect(parseKubernetesQuantity('200Gi')! > parseKubernetesQuantity('102400Mi')!).toBe(true);
  });

  test.each(['', 'abc', '4 GB', '1.2.3', 'Gi', '--1', '1Gb'])('refuses %j', (text) => {
    expect(parseKubernetesQuantity(text)).toBeUndefined();
    expect(sameQuantity(text, text)).toBe(false);
  });

  test('keeps billionths exactly and rounds anything finer up, as the API server does', () => {
    expect(parseKubernetesQuantity('1n')).toBe(1n);
    expect(parseKubernetesQuantity('0.0000000001')).toBe(1n);
    expect(parseKubernetesQuantity('-1')).toBe(-1_000_000_000n);
  });
});
