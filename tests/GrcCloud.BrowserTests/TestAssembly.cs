using GrcCloud.BrowserTests;

// One PostgreSQL, one demo platform and one Chromium for the whole assembly (it owns its own PostgresFixture);
// an assembly attribute has to live in the test assembly itself.
[assembly: AssemblyFixture(typeof(BrowserFixture))]
