import { isWholeNumber, quote, type FieldProblem, type ValidationRule } from '../rule';

/**
 * A Job's pods restart `Never` or `OnFailure` (the API server refuses `Always`), its deadline is
 * positive, and its counts are not negative.
 */
export const jobValues: ValidationRule = {
  name: 'job-values',
  description: "A Job's restartPolicy is Never or OnFailure, activeDeadlineSeconds is positive and its counts are 0 or more.",
  kinds: ['Job'],
  check: (manifest) => {
    if (manifest.kind !== 'Job') return [];
    const problems: FieldProblem[] = [];
    const spec = manifest.spec ?? {};
    const restartPolicy = spec.template?.spec?.restartPolicy;
    if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
      problems.push({ field: 'spec.template.spec.restartPolicy', message: `${quote(restartPolicy)} must be Never or OnFailure for a Job` });
    }
    if (spec.activeDeadlineSeconds !== undefined && !isWholeNumber(spec.activeDeadlineSeconds, 1)) {
      problems.push({ field: 'spec.activeDeadlineSeconds', message: `${quote(spec.activeDeadlineSeconds)} must be a whole number above 0` });
    }
    for (const field of ['backoffLimit', 'ttlSecondsAfterFinished', 'completions', 'parallelism']) {
      if (spec[field] !== undefined && !isWholeNumber(spec[field], 0)) problems.push({ field: `spec.${field}`, message: `${quote(spec[field])} must be a whole number, 0 or more` });
    }
    return problems;
  },
};
