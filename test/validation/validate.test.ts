import { formatValidationProblem, validateManifests, VALIDATION_RULES } from '../../lib/validation';
import { ENVIRONMENTS, synthEnvironment } from '../support/project';
import { compliantDeployment } from './fixtures';

describe('validateManifests', () => {
  test.each(ENVIRONMENTS)('every object of %s passes every rule', (environment) => {
    expect(validateManifests(environment, synthEnvironment(environment)).map(formatValidationProblem)).toEqual([]);
  });

  test('a problem is one line naming the environment, the object, the field and the rule', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = -2;
    expect(validateManifests('prod', [deployment]).map(formatValidationProblem)).toEqual([
      'prod: Deployment/backend: field "spec.replicas": -2 is not a replica count (a whole number, 0 or more) [replica-counts]',
    ]);
  });

  test('the rules have unique names', () => {
    const names = VALIDATION_RULES.map((rule) => rule.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
