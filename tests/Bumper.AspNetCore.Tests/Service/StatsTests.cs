using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bumper.Tests.Snapshots;
using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>POST /stats of the native service: exact figures, every bad input, the arena, heap and pool paths alike.</summary>
[Collection(NativeServiceGroup.Name)]
public class StatsTests(ServiceFixture service)
{
    public static TheoryData<string, string> KnownInputs => new()
    {
        { "OddCount", "5, 1, 4, 2, 3" },
        { "EvenCount", "4 1 3 2" },
        { "Duplicates", "7,7,7,1,1" },
        { "Negatives", "-1.5, -3, 2e1, 0" },
        { "OneNumber", "42" },
        { "MixedSeparators", "1\r\n2\t3\n\n4,, 5 ,6\n" },
        { "Fractions", "0.1, 0.2, 0.3" },
        { "Descending200", string.Join('\n', Enumerable.Range(1, 200).Reverse()) },
        { "Ascending101", string.Join(',', Enumerable.Range(1, 101)) },
    };

    public static TheoryData<string, string> BadInputs => new()
    {
        { "Letters", "1, 2, abc, 4" },
        { "NaN", "1 NaN" },
        { "Infinity", "Infinity, 1" },
        { "OutOfRange", "1e400" },
        { "Hexadecimal", "0x10" },
        { "TwoPoints", "1.2.3" },
        { "BareSign", "1, -, 2" },
        { "Semicolons", "1;2;3" },
        { "NonAscii", "1, 2, \u03c0" },
        { "LongToken", new string('1', 200) },
        { "LastTokenBad", "1 2 3 4x" },
        { "EmptyBody", "" },
        { "OnlySeparators", " ,\n\r\t ," },
    };

    public static TheoryData<string> PipeReaderModes => new(ServiceModes.PipeReaders);

    public static TheoryData<string, string, string> KnownInputsInEveryMode => ServiceModes.Cross(ServiceModes.All, KnownInputs);

    public static TheoryData<string, string, string> BadInputsInEveryMode => ServiceModes.Cross(ServiceModes.All, BadInputs);

    public static TheoryData<string, string, string> AllInputsInPipeReaderModes => ServiceModes.Cross(ServiceModes.PipeReaders, KnownInputs, BadInputs);

    [Theory]
    [MemberData(nameof(KnownInputsInEveryMode))]
    public async Task Known_inputs_give_exact_figures_in_every_mode(string caseName, string body, string mode) =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats", body, mode), caseName);

    [Theory]
    [MemberData(nameof(BadInputsInEveryMode))]
    public async Task Bad_inputs_get_400_naming_the_token_and_its_byte_position_in_every_mode(string caseName, string body, string mode) =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats", body, mode), caseName);

    [Theory]
    [MemberData(nameof(AllInputsInPipeReaderModes))]
    public async Task Bodies_read_a_few_bytes_at_a_time_get_the_same_answers(string caseName, string body, string mode) =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats", body, mode, inPieces: true), caseName);

    [Fact]
    public async Task Figures_match_a_reference_computation() =>
        Assert.Equal(
            """{"count":4,"min":-3,"max":20,"mean":3.875,"median":-0.75,"p99":20}""",
            await (await service.Client.PostAsync("/stats", new StringContent("-1.5, -3, 2e1, 0"))).Content.ReadAsStringAsync());

    [Fact]
    public async Task Unknown_mode_gets_400() =>
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats?mode=fast", "1"), "UnknownMode");

    [Fact]
    public async Task Body_over_the_limit_gets_413_in_every_mode_and_the_service_carries_on()
    {
        long hitsBefore = (await service.RuntimeAsync()).GetProperty("arenas").GetProperty("maxCapacityRefusals").GetInt64();
        string big = string.Concat(Enumerable.Repeat("1\n", 600_000));
        (string arena, long requested, long used) = ScrubArenaFigures(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats", big));
        await Snapshot.Verify(arena, "OverLimit");
        Assert.True(used <= ServiceFixture.MaxArenaCapacity && used + requested > ServiceFixture.MaxArenaCapacity, $"refused asking for {requested} bytes with {used} in use");
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats?mode=heap", big), "OverLimitHeap");
        await Snapshot.Verify(await HttpSnapshot.SendAsync(service.Client, HttpMethod.Post, "/stats?mode=pool", big), "OverLimitPool");

        // Only the arena path counts against the arena's limit; the heap and pool paths check the same number themselves.
        JsonElement runtime = await service.WaitUntilIdleAsync();
        Assert.Equal(hitsBefore + 1, runtime.GetProperty("arenas").GetProperty("maxCapacityRefusals").GetInt64());
        Assert.Equal("""{"count":1,"min":1,"max":1,"mean":1,"median":1,"p99":1}""", await (await service.Client.PostAsync("/stats", new StringContent("1"))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pool_mode_holds_values_up_to_exactly_the_configured_limit()
    {
        const int fits = (int)(ServiceFixture.MaxArenaCapacity / sizeof(double));
        string atLimit = string.Concat(Enumerable.Repeat("1\n", fits));
        string pastLimit = atLimit + "2\n";

        HttpResponseMessage at = await service.Client.PostAsync("/stats?mode=pool", new StringContent(atLimit));
        HttpResponseMessage past = await service.Client.PostAsync("/stats?mode=pool", new StringContent(pastLimit));

        Assert.Equal((HttpStatusCode.OK, $$"""{"count":{{fits}},"min":1,"max":1,"mean":1,"median":1,"p99":1}"""), (at.StatusCode, await at.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, past.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await past.Content.ReadAsStringAsync());
        Assert.Equal((8L, ServiceFixture.MaxArenaCapacity, ServiceFixture.MaxArenaCapacity), (problem.RootElement.GetProperty("requested").GetInt64(), problem.RootElement.GetProperty("used").GetInt64(), problem.RootElement.GetProperty("limit").GetInt64()));
    }

    [Theory]
    [MemberData(nameof(PipeReaderModes))]
    public async Task Tokens_split_across_reads_are_parsed_whole(string mode)
    {
        using var content = new TrickleContent("12.5, 3e2,\n-7 , 1000000");
        HttpResponseMessage response = await service.Client.PostAsync($"/stats?mode={mode}", content);
        Assert.Equal("""{"count":4,"min":-7,"max":1000000,"mean":250076.375,"median":156.25,"p99":1000000}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(PipeReaderModes))]
    public async Task Bad_token_split_across_reads_is_named_with_its_position(string mode)
    {
        using var content = new TrickleContent("1, 2, 3.4.5, 6");
        HttpResponseMessage response = await service.Client.PostAsync($"/stats?mode={mode}", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(("3.4.5", 6), (problem.RootElement.GetProperty("token").GetString(), problem.RootElement.GetProperty("position").GetInt32()));
    }

    [Theory]
    [MemberData(nameof(PipeReaderModes))]
    public async Task Concurrent_clients_with_distinct_bodies_each_get_their_own_answer(string mode)
    {
        const int clients = 64;
        var random = new Random(20261130);
        (string Body, string Expected)[] cases = Enumerable.Range(0, clients).Select(i =>
        {
            double[] values = Enumerable.Range(0, 2000 + (37 * i)).Select(_ => Math.Round((random.NextDouble() - 0.5) * 1e6 * (i + 1), 3)).ToArray();
            return (string.Join(i % 2 == 0 ? "\n" : ", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))), Expected(values));
        }).ToArray();

        using var start = new SemaphoreSlim(0);
        Task<string>[] answers = cases.Select(async c =>
        {
            await start.WaitAsync();
            HttpResponseMessage response = await service.Client.PostAsync($"/stats?mode={mode}", new StringContent(c.Body));
            return await response.Content.ReadAsStringAsync();
        }).ToArray();
        start.Release(clients);

        string[] results = await Task.WhenAll(answers);
        for (int i = 0; i < clients; i++)
        {
            Assert.True(cases[i].Expected == results[i], $"client {i}, {mode} (seed 20261130): expected {cases[i].Expected}, got {results[i]}");
        }

        Assert.Equal(1, (await service.WaitUntilIdleAsync()).GetProperty("arenas").GetProperty("inUse").GetInt32());
    }

    /// <summary>
    /// The arena's 413 with its requested and used bytes (and so the body's length) taken out: they depend on
    /// the blocks the pooled arena kept from earlier requests, so on which tests ran before.
    /// </summary>
    private static (string Scrubbed, long Requested, long Used) ScrubArenaFigures(string snapshot)
    {
        Match detail = Regex.Match(snapshot, @"asked its arena for (\d+) more bytes with (\d+) in use");
        Match fields = Regex.Match(snapshot, @"""requested"":(\d+),""used"":(\d+),");
        Assert.True(detail.Success && fields.Success && detail.Groups[1].Value == fields.Groups[1].Value && detail.Groups[2].Value == fields.Groups[2].Value, snapshot);
        string scrubbed = snapshot
            .Replace(detail.Value, "asked its arena for {requested} more bytes with {used} in use", StringComparison.Ordinal)
            .Replace(fields.Value, "\"requested\":{requested},\"used\":{used},", StringComparison.Ordinal);
        scrubbed = Regex.Replace(scrubbed, @"--- body \(\d+ chars\) ---", "--- body (length varies with the figures) ---");
        return (scrubbed, long.Parse(fields.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(fields.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The service's answer for <paramref name="values"/>, computed here in the same order of operations.</summary>
    private static string Expected(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int n = sorted.Length;
        double sum = 0;
        foreach (double v in sorted)
        {
            sum += v;
        }

        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        double p99 = sorted[(int)Math.Ceiling(0.99m * n) - 1];
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", n);
            writer.WriteNumber("min", sorted[0]);
            writer.WriteNumber("max", sorted[^1]);
            writer.WriteNumber("mean", sum / n);
            writer.WriteNumber("median", median);
            writer.WriteNumber("p99", p99);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(json.ToArray());
    }
}
