using AotService;
using Bumper;
using Bumper.AspNetCore;

// aot_service --urls http://127.0.0.1:PORT: POST /stats, GET /table, GET /runtime, GET /healthz.
// Settings come from the command line or the environment: --Bumper:MaxArenaCapacity=N (Bumper__MaxArenaCapacity),
// --Bumper:MaxPooled=N, --Bumper:CheckedArenas=true, --AotService:TestEndpoints=true (the /test/* endpoints the tests drive).
WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ServiceJsonContext.Default));
IConfigurationSection bumper = builder.Configuration.GetSection("Bumper");
builder.Services.AddBumper(o =>
{
    if (long.TryParse(bumper["MaxArenaCapacity"], out long max))
    {
        o.MaxArenaCapacity = max;
    }

    if (int.TryParse(bumper["MaxPooled"], out int pooled))
    {
        o.MaxPooled = pooled;
    }

    if (bool.TryParse(bumper["CheckedArenas"], out bool isChecked))
    {
        o.CheckedArenas = isChecked;
    }
});

WebApplication app = builder.Build();
app.UseBumper();

app.MapGet("/healthz", () => Results.Text("ok\n"));
app.MapPost("/stats", StatsEndpoint.HandleAsync);
app.MapGet("/table", TableEndpoint.HandleAsync);
app.MapGet("/runtime", (ArenaPool pool) => RuntimeReport.Now(pool));
if (bool.TryParse(app.Configuration["AotService:TestEndpoints"], out bool testEndpoints) && testEndpoints)
{
    TestEndpoints.Map(app);
}

app.Run();
