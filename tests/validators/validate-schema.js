// A JSON document against a JSON Schema (draft 2020-12), with Ajv. Prints "valid" or each error and
// exits 1; exits 2 when it cannot run. With a third argument, validates that property of the document.
// usage: node validate-schema.js SCHEMA.json DOCUMENT.json [PROPERTY]
const Ajv2020 = require('ajv/dist/2020');
const fs = require('fs');

try {
  const [schemaPath, documentPath, property] = process.argv.slice(2);
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const document = JSON.parse(fs.readFileSync(documentPath, 'utf8'));
  const value = property ? document[property] : document;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  if (!validate(value)) {
    validate.errors.forEach(e => console.log(`${e.instancePath || '/'}: ${e.message}`));
    process.exit(1);
  }
  console.log('valid');
} catch (e) {
  console.log(`error: ${e.message}`);
  process.exit(2);
}
