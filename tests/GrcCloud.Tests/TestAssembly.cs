using GrcCloud.Testing;

// One private PostgreSQL for the whole assembly; an assembly attribute has to live in the test assembly itself.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
