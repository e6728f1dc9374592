// The reference Frictionless implementation (npm datapackage 1.1.10) on a release folder: the
// descriptor against its profile, then every tabular resource's rows cast against its Table Schema.
// Prints "valid: N resources", or one line per error and exits 1; exits 2 when it cannot run.
// usage: node validate-datapackage.js DIR
const { Package } = require('datapackage');

(async () => {
  const dir = process.argv[2];
  const pkg = await Package.load(`${dir}/datapackage.json`, { basePath: dir });
  const errors = pkg.errors.map(e => `descriptor: ${e.message.replace(/\s+/g, ' ')}`);
  if (pkg.valid) {
    for (const resource of pkg.resources) {
      if (!resource.tabular) continue;
      try {
        await resource.read({ cast: true });
      } catch (e) {
        errors.push(`${resource.name}: ${e.message}` + (e.errors ? ': ' + e.errors.map(x => x.message).join('; ') : ''));
      }
    }
  }
  if (errors.length > 0) {
    errors.forEach(e => console.log(e));
    process.exit(1);
  }
  console.log(`valid: ${pkg.resources.length} resources, profile ${pkg.descriptor.profile}`);
})().catch(e => { console.log(`error: ${e.message}`); process.exit(2); });
