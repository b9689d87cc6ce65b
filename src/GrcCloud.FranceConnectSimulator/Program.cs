using GrcCloud.FranceConnectSimulator;

var app = FranceConnectSimulatorApp.Build(args);
app.Run();
