import type { AcknowledgementModel } from '../model';
import { checkKnownKeys, isScalar, readMapping, readString, type FileReporter } from './report';

/** The key of an environment's settings that lists its acknowledged changes. */
export const ACKNOWLEDGEMENTS_KEY = 'acknowledgements';

/**
 * `acknowledgements:` in <environment>.yaml: changes the day-2 comparison refuses, accepted knowingly
 * (README: "Changing a running stack"). Each names the object, the field and before → after exactly as
 * the finding printed them, with the reason; the comparison decides whether each still matches.
 */
export function readAcknowledgements(report: FileReporter, value: unknown): AcknowledgementModel[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report.error([ACKNOWLEDGEMENTS_KEY], 'must be a list of { object, field, before, after, reason }');
    return [];
  }
  return value.map((entry, index) => {
    const keys = [ACKNOWLEDGEMENTS_KEY, index];
    const data = readMapping(report, keys, entry);
    checkKnownKeys(report, keys, data, ['object', 'field', 'before', 'after', 'reason']);
    const quoted = (key: 'before' | 'after'): string => {
      const text = data[key];
      if (isScalar(text) && text !== '') return String(text);
      report.error([...keys, key], text === undefined ? 'is required: the value as the finding printed it' : 'must be the value as the finding printed it (quote it when it starts with [ or {)');
      return '';
    };
    const object = readString(report, data, 'object', keys);
    if (object && !/^[A-Za-z]+\/[^/\s]+$/.test(object)) report.error([...keys, 'object'], `"${object}" is not an object as findings name it: Kind/name, e.g. StatefulSet/db`);
    return {
      object,
      field: readString(report, data, 'field', keys),
      before: quoted('before'),
      after: quoted('after'),
      // An acknowledgement without a reason is how a warning quietly stops mattering.
      reason: readString(report, data, 'reason', keys),
    };
  });
}
