/**
 * Unit conversions from docker-compose notation to Kubernetes quantities. Pure functions: they either
 * return an exact, readable quantity or throw a UnitError with a sentence a user can act on.
 */

export class UnitError extends Error {}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

/** Binary suffixes, largest first, so the rendered quantity is the shortest exact one. */
const KUBERNETES_MEMORY_SUFFIXES: ReadonlyArray<[string, number]> = [
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
];

/**
 * Parses a docker memory size into bytes. Docker's units are binary: `512M` and `512MB` both mean
 * 512 MiB, which is why the rendered quantity uses `Mi`/`Gi` and never the decimal `M`/`G`.
 */
export function parseMemoryBytes(value: string | number): number {
  const text = String(value).trim();
  const match = /^(\d+)(?:\.(\d+))?([a-zA-Z]*)$/.exec(text);
  const unit = match ? MEMORY_UNITS[match[3].toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw new UnitError(`"${value}" is not a memory size: use a number with an optional unit b, k, m or g (e.g. 512M, 4G)`);
  }
  const bytes = exactWholeNumber(match[1], match[2] ?? '', BigInt(unit));
  if (bytes === undefined || bytes <= 0) {
    throw new UnitError(`"${value}" is not a memory size: it must be a positive whole number of bytes`);
  }
  return bytes;
}

/**
 * `whole.fraction` times `multiplier`, computed exactly: a safe integer, or undefined when the result
 * is not whole or too large. Floats would round 5000000.7g to a whole number of bytes it never stated.
 */
function exactWholeNumber(whole: string, fraction: string, multiplier: bigint): number | undefined {
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole + fraction) * multiplier;
  if (scaled % scale !== 0n || scaled / scale > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(scaled / scale);
}

/** Renders a byte count as the shortest exact Kubernetes quantity: 536870912 → `512Mi`. */
export function bytesToKubernetesMemory(bytes: number): string {
  for (const [suffix, size] of KUBERNETES_MEMORY_SUFFIXES) {
    if (bytes % size === 0) {
      return `${bytes / size}${suffix}`;
    }
  }
  return String(bytes);
}

/** `512M` → `512Mi`, `4G` → `4Gi`, `1536M` → `1536Mi`. */
export function toKubernetesMemory(value: string | number): string {
  return bytesToKubernetesMemory(parseMemoryBytes(value));
}

/** Parses compose `cpus` into millicores; Kubernetes cannot express less than 1m. */
export function parseMillicores(value: string | number): number {
  const text = String(value).trim();
  const match = /^(?:(\d+)(?:\.(\d*))?|\.(\d+))$/.exec(text);
  if (!match) {
    throw new UnitError(`"${value}" is not a CPU amount: use a positive decimal number of cores (e.g. 0.5, 2.0)`);
  }
  const fraction = match[2] ?? match[3] ?? '';
  const millicores = exactWholeNumber(match[1] ?? '0', fraction, 1000n);
  if (millicores === 0) {
    throw new UnitError(`"${value}" is not a CPU amount: it must be greater than zero`);
  }
  if (millicores === undefined) {
    const tooFine = /[1-9]/.test(fraction.slice(3));
    throw new UnitError(`"${value}" is not a CPU amount Kubernetes can express: ${tooFine ? 'the smallest step is 0.001 (1m)' : 'it is too large'}`);
  }
  return millicores;
}

/** Renders millicores: 500 → `500m`, 2000 → `2`. */
export function millicoresToKubernetesCpu(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** `0.5` → `500m`, `2.0` → `2`. */
export function toKubernetesCpu(value: string | number): string {
  return millicoresToKubernetesCpu(parseMillicores(value));
}

const DURATION_UNITS: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const MAX_PROBE_SECONDS = 2 ** 31 - 1;

/**
 * Parses a compose duration (`1m30s`, `10s`, `500ms`) into whole seconds, rounded up: Kubernetes probe
 * fields are whole seconds and rounding down could turn a timeout into zero.
 */
export function parseDurationSeconds(value: string | number): number {
  const text = String(value).trim();
  let seconds: number;
  if (/^\d+$/.test(text)) {
    seconds = Number(text);
  } else {
    const parts = text.match(/(\d+(?:\.\d+)?)(us|ms|s|m|h)/g);
    if (!parts || parts.join('') !== text) {
      throw new UnitError(`"${value}" is not a duration: use e.g. 10s, 1m30s or 500ms`);
    }
    let total = 0;
    for (const part of parts) {
      const [, amount, unit] = /^(\d+(?:\.\d+)?)(us|ms|s|m|h)$/.exec(part)!;
      total += Number(amount) * DURATION_UNITS[unit];
    }
    // The small tolerance keeps float noise (0.1 + 0.2) from rounding up; max() avoids returning -0.
    seconds = Math.max(0, Math.ceil(total - 1e-9));
  }
  // Probe fields are 32-bit integers in Kubernetes.
  if (seconds > MAX_PROBE_SECONDS) throw new UnitError(`"${value}" is too long a duration: at most ${MAX_PROBE_SECONDS} seconds`);
  return seconds;
}

/** Suffixes of Kubernetes quantities and the power of ten or two each stands for. */
const QUANTITY_SUFFIXES: Readonly<Record<string, bigint>> = {
  n: 1n,
  u: 1_000n,
  m: 1_000_000n,
  '': 1_000_000_000n,
  k: 1_000_000_000_000n,
  M: 10n ** 15n,
  G: 10n ** 18n,
  T: 10n ** 21n,
  P: 10n ** 24n,
  E: 10n ** 27n,
  Ki: 1024n * 10n ** 9n,
  Mi: 1024n ** 2n * 10n ** 9n,
  Gi: 1024n ** 3n * 10n ** 9n,
  Ti: 1024n ** 4n * 10n ** 9n,
  Pi: 1024n ** 5n * 10n ** 9n,
  Ei: 1024n ** 6n * 10n ** 9n,
};

/**
 * The exact value of a Kubernetes quantity (`100Gi`, `102400Mi`, `500m`, `1.5`, `1e3`) in billionths,
 * the finest step Kubernetes keeps, so quantities compare by value: `100Gi` equals `102400Mi`.
 * Undefined for text that is not a quantity; a value finer than a billionth is rounded up, as the API
 * server does.
 */
export function parseKubernetesQuantity(value: string | number): bigint | undefined {
  // Every synth compares and checks the same few amounts many times over.
  const text = String(value);
  if (parsedQuantities.has(text)) return parsedQuantities.get(text);
  const parsed = parseQuantityText(text);
  parsedQuantities.set(text, parsed);
  return parsed;
}

const parsedQuantities = new Map<string, bigint | undefined>();

function parseQuantityText(value: string): bigint | undefined {
  const match = /^([+-]?)(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec(String(value).trim());
  if (!match || (match[2] === undefined && !match[3])) return undefined;
  const [, sign, whole = '0', fraction = '', exponent, suffix = ''] = match;
  let numerator = BigInt(whole + fraction) * (exponent === undefined ? QUANTITY_SUFFIXES[suffix] : 1_000_000_000n);
  let denominator = 10n ** BigInt(fraction.length);
  if (exponent !== undefined) {
    const power = Number(exponent);
    if (Math.abs(power) > 1000) return undefined;
    if (power >= 0) numerator *= 10n ** BigInt(power);
    else denominator *= 10n ** BigInt(-power);
  }
  const rounded = (numerator + denominator - 1n) / denominator;
  return sign === '-' ? -rounded : rounded;
}

/** Whether two quantities are the same amount, however written; false when either is not a quantity. */
export function sameQuantity(a: string | number, b: string | number): boolean {
  const first = parseKubernetesQuantity(a);
  return first !== undefined && first === parseKubernetesQuantity(b);
}
