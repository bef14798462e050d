import * as fs from 'fs';
import * as path from 'path';
import { DAY2_RULES } from '../../../lib/day2/rules';
import { VALIDATION_RULES } from '../../../lib/validation';

/** Each rule is a file named after it, with a test of the same name: the list and the files agree. */
describe.each([
  ['day-2 rules', DAY2_RULES, 'lib/day2/rules', 'test/day2/rules'],
  ['validation rules', VALIDATION_RULES, 'lib/validation/rules', 'test/validation/rules'],
] as const)('%s', (_name, rules, source, tests) => {
  const root = path.resolve(__dirname, '..', '..', '..');
  test.each(rules.map((rule) => rule.name))('%s has its own file and test', (name) => {
    expect(fs.existsSync(path.join(root, source, `${name}.ts`))).toBe(true);
    expect(fs.existsSync(path.join(root, tests, `${name}.test.ts`))).toBe(true);
  });

  test('every rule file is in the list', () => {
    const files = fs.readdirSync(path.join(root, source)).filter((file) => file.endsWith('.ts') && file !== 'index.ts').map((file) => file.slice(0, -3));
    expect(files.sort()).toEqual(rules.map((rule) => rule.name).sort());
  });
});
