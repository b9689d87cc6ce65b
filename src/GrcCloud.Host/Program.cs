using GrcCloud.Host.Cli;

// One executable for every role: with no command (or only options) it serves the web roles;
// with a command (migrate, tenants ...) it is the admin command line. See Cli/AdminCommands.cs.
return await AdminCommands.RunAsync(args);
