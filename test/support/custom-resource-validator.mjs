// Validates custom resources with the @kubernetes-models packages' schema validators (types, enums,
// patterns, required fields). The packages are ES modules only, which Jest's CommonJS runtime cannot
// load, so the tests run this file with Node itself: JSON [{ module, manifest }] on stdin, one list of
// problems per manifest on stdout.
import { readFileSync } from 'node:fs';

const requests = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { module, kind, manifest } of requests) {
  const Model = (await import(module))[kind];
  try {
    new Model(manifest).validate();
    results.push([]);
  } catch (error) {
    results.push(String(error.message).split('\n').filter(Boolean).map((line) => `OpenAPI: ${line}`));
  }
}
process.stdout.write(JSON.stringify(results));
