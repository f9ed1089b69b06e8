using System.Text.Json.Serialization;

namespace AotService;

/// <summary>The service's JSON contracts, generated at compile time (no reflection, so NativeAOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatsResult))]
[JsonSerializable(typeof(RuntimeReport))]
[JsonSerializable(typeof(long[][]))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
