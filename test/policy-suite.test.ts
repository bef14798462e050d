import { formatViolation, POLICIES, runPolicies } from '../lib/policies';
import { ENVIRONMENTS, loadEnvironment, synthModel } from './support/project';

/**
 * The policy suite (lib/policies, one rule per file, each with its own test) over every object of every
 * environment. A failure names the environment, the object and the rule.
 */
describe.each(ENVIRONMENTS)('the policy suite over %s', (environment) => {
  const stack = loadEnvironment(environment);
  const manifests = synthModel(stack);

  test('finds no violation outside the declared exceptions', () => {
    expect(runPolicies(environment, manifests, stack.securityExceptions).map(formatViolation)).toEqual([]);
  });
});

describe('the declared security exceptions', () => {
  const stack = loadEnvironment('prod');
  const exceptions = stack.securityExceptions;

  test('each name a rule of the suite and give a reason', () => {
    const rules = POLICIES.map((policy) => policy.name);
    for (const exception of exceptions) {
      expect({ rule: exception.rule, known: rules.includes(exception.rule), reason: exception.reason.length > 40 }).toEqual({ rule: exception.rule, known: true, reason: true });
    }
  });

  test.each(exceptions.map((exception) => [`${exception.rule} (${exception.service ?? exception.environment})`, exception] as const))(
    '%s is needed: without it the suite fails, and only within its scope',
    (_name, exception) => {
      const same = (other: typeof exception) => other.rule === exception.rule && other.service === exception.service && other.environment === exception.environment;
      for (const environment of ENVIRONMENTS) {
        const environmentStack = loadEnvironment(environment);
        const others = environmentStack.securityExceptions.filter((other) => !same(other));
        const violations = runPolicies(environment, synthModel(environmentStack), others).filter((violation) => violation.rule === exception.rule);
        const inScope = exception.environment === undefined || exception.environment === environment;
        expect({ environment, violated: violations.length > 0 }).toEqual({ environment, violated: inScope });
        if (exception.service) {
          const services = new Set(violations.map((violation) => violation.object.split('/')[1]));
          expect([...services]).toEqual([exception.service]);
        }
      }
    },
  );
});
