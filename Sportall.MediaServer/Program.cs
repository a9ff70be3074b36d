using Sportall.MediaServer.Hosting;

// The all-in-one host: RTMP ingest, packager and HTTP delivery in one process with embedded defaults.
var app = SportallHost.Build(args);
app.Run();
