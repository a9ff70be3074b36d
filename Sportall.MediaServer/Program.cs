using Sportall.MediaServer.Hosting;

// `token mint …`: playback tokens for the edge role's signed playback.
if (args.Length > 0 && args[0] == "token")
{
    return Sportall.MediaServer.Edge.PlaybackTokenCommand.Run(args[1..], Console.Out, Console.Error);
}

// The all-in-one host: RTMP ingest, packager and HTTP delivery in one process with embedded defaults.
var app = SportallHost.Build(args);
app.Run();
return 0;
