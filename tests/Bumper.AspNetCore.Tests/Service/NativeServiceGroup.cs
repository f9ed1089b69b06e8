using Xunit;

namespace Bumper.AspNetCore.Tests.Service;

/// <summary>The tests of the native service: they share one running service and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class NativeServiceGroup : ICollectionFixture<ServiceFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "aot_service";
}
