using GrcCloud.StripeSimulator;

var app = StripeSimulatorApp.Build(args);
app.Run();
