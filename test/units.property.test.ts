import * as fc from 'fast-check';
import { parseMemoryBytes, parseMillicores, toKubernetesCpu, toKubernetesMemory, UnitError } from '../lib/units';

/**
 * Property tests for the unit conversions: any string either is refused with a UnitError or renders to
 * a Kubernetes quantity that means exactly the amount the string stated. The expected amounts are
 * computed here independently, with exact integer arithmetic (BigInt), so float rounding in the code
 * under test cannot hide.
 */

const DOCKER_MEMORY_UNITS: Record<string, bigint> = { '': 1n, b: 1n, k: 1024n, kb: 1024n, m: 1024n ** 2n, mb: 1024n ** 2n, g: 1024n ** 3n, gb: 1024n ** 3n };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The exact amount a decimal `whole.fraction` times `multiplier` states, or undefined if not whole. */
function exactWholeAmount(whole: string, fraction: string, multiplier: bigint): bigint | undefined {
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(`${whole || '0'}${fraction}`) * multiplier;
  return scaled % scale === 0n ? scaled / scale : undefined;
}

/** Bytes a docker memory string states: undefined for text docker does not read as a size. */
function statedBytes(text: string): bigint | undefined {
  const match = /^\s*(\d+)(?:\.(\d+))?([a-zA-Z]*)\s*$/.exec(text);
  const unit = match ? DOCKER_MEMORY_UNITS[match[3].toLowerCase()] : undefined;
  return match && unit !== undefined ? exactWholeAmount(match[1], match[2] ?? '', unit) : undefined;
}

/** Millicores a compose `cpus` string states, or undefined (not a decimal, or finer than 1m). */
function statedMillicores(text: string): bigint | undefined {
  const match = /^\s*(?:(\d+)(?:\.(\d*))?|\.(\d+))\s*$/.exec(text);
  return match ? exactWholeAmount(match[1] ?? '0', match[2] ?? match[3] ?? '', 1000n) : undefined;
}

/** Reads a Kubernetes memory quantity back into bytes, as the API server does (Ki = 1024). */
function kubernetesBytes(quantity: string): bigint {
  const match = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!match) throw new Error(`not a binary Kubernetes quantity: ${quantity}`);
  const suffix = { Ki: 1024n, Mi: 1024n ** 2n, Gi: 1024n ** 3n }[match[2] as 'Ki' | 'Mi' | 'Gi'] ?? 1n;
  return BigInt(match[1]) * suffix;
}

/** Reads a Kubernetes CPU quantity back into millicores (`500m` = 500, `2` = 2000). */
function kubernetesMillicores(quantity: string): bigint {
  const match = /^(\d+)(m?)$/.exec(quantity);
  if (!match) throw new Error(`not a Kubernetes CPU quantity: ${quantity}`);
  return match[2] === 'm' ? BigInt(match[1]) : BigInt(match[1]) * 1000n;
}

/** Calls `convert`; a UnitError is an acceptable answer (undefined), any other exception fails the test. */
function convertedOrRefused<T>(convert: () => T): T | undefined {
  try {
    return convert();
  } catch (error) {
    if (error instanceof UnitError) return undefined;
    throw error;
  }
}

const digits = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength });
const spaces = fc.constantFrom('', ' ', '  ', '\t');

/** Docker-style memory sizes: digits, an optional fraction, any unit in any case; many are refused. */
const memoryText = fc.oneof(
  fc
    .tuple(spaces, digits(12), fc.option(digits(20), { nil: undefined }), fc.mixedCase(fc.constantFrom('', 'b', 'k', 'kb', 'm', 'mb', 'g', 'gb')), spaces)
    .map(([before, whole, fraction, unit, after]) => `${before}${whole}${fraction === undefined ? '' : `.${fraction}`}${unit}${after}`),
  fc.constantFrom('4 GB', '-1', 'abc', '0', '0.0', '', '512T', '1e3', '0x10', '1.5.2m', '.5g', '512Mi', 'NaN', 'Infinity', '9007199254740993'),
  fc.string(),
);

/** Compose-style CPU amounts: whole, fractional, `.5`, `2.`; plus garbage and refused values. */
const cpuText = fc.oneof(
  fc
    .tuple(spaces, fc.option(digits(8), { nil: '' }), fc.option(digits(12), { nil: undefined }), spaces)
    .map(([before, whole, fraction, after]) => `${before}${whole}${fraction === undefined ? '' : `.${fraction}`}${after}`),
  fc.constantFrom('0', '0.0', '-1', 'abc', '0.0001', '1.0000000001', '2.', '.5', '1e3', '500m', ''),
  fc.string(),
);

describe('property: memory sizes', () => {
  test('any string is refused with a UnitError or renders to exactly the bytes it states', () => {
    fc.assert(
      fc.property(memoryText, (text) => {
        const rendered = convertedOrRefused(() => toKubernetesMemory(text));
        const stated = statedBytes(text);
        if (rendered === undefined) {
          // Refused: the text states no size, or one that is not a positive, safe whole number of bytes.
          expect(stated === undefined || stated <= 0n || stated > MAX_SAFE).toBe(true);
        } else {
          expect(kubernetesBytes(rendered)).toBe(stated);
          expect(BigInt(parseMemoryBytes(text))).toBe(stated);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('property: CPU amounts', () => {
  test('any string is refused with a UnitError or renders to exactly the cores it states', () => {
    fc.assert(
      fc.property(cpuText, (text) => {
        const rendered = convertedOrRefused(() => toKubernetesCpu(text));
        const stated = statedMillicores(text);
        if (rendered === undefined) {
          // Refused: not a decimal number, zero, finer than a millicore, or too large to count exactly.
          expect(stated === undefined || stated <= 0n || stated > MAX_SAFE).toBe(true);
        } else {
          expect(kubernetesMillicores(rendered)).toBe(stated);
          expect(BigInt(parseMillicores(text))).toBe(stated);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a YAML number is read as the decimal it prints as: 0.5 renders as 500m', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), (millicores) => {
        expect(toKubernetesCpu(millicores / 1000)).toBe(millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`);
      }),
      { numRuns: 200 },
    );
  });
});
