#!/usr/bin/env node
// Parses values with dbwarden's generated Zod schemas, compiled to JavaScript, with the real zod package.
//
//   node generated-zod-check.mjs <compiled-schemas.js> <cases.json>
//
// cases.json is an array of { "name", "schema", "value" }: schema is the name of an exported schema
// (for example "workOrderRowSchema"). Prints one JSON array with { name, success, issues, output }
// per case, in order, and exits 0; the caller decides which results it expected. Exit 2 on a usage
// error or a schema that the module does not export.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulePath, casesPath] = process.argv.slice(2);
if (!modulePath || !casesPath) {
  process.stderr.write('usage: node generated-zod-check.mjs <compiled-schemas.js> <cases.json>\n');
  process.exit(2);
}
const schemas = await import(pathToFileURL(resolve(modulePath)).href);
const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
const results = [];
for (const c of cases) {
  const schema = schemas[c.schema];
  if (!schema || typeof schema.safeParse !== 'function') {
    process.stderr.write(`generated-zod-check: the module exports no schema ${c.schema}\n`);
    process.exit(2);
  }
  const r = schema.safeParse(c.value);
  results.push({
    name: c.name,
    success: r.success,
    issues: r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    // Own keys of the parsed object, to show that odd keys such as __proto__ survive parsing.
    keys: r.success && r.data && typeof r.data === 'object' ? Object.keys(r.data).sort() : [],
  });
}
process.stdout.write(JSON.stringify(results));
