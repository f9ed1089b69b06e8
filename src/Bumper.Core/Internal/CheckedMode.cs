namespace Bumper.Internal;

/// <summary>
/// Whether new buffers start in checked mode: always in a Debug build of the library, and in a
/// Release build when the <c>Bumper.CheckedMode</c> <see cref="AppContext"/> switch is on
/// (<c>&lt;RuntimeHostConfigurationOption Include="Bumper.CheckedMode" Value="true" /&gt;</c>, or
/// <c>AppContext.SetSwitch("Bumper.CheckedMode", true)</c> before the first buffer is made).
/// </summary>
internal static class CheckedMode
{
    public const string SwitchName = "Bumper.CheckedMode";

    public static bool DefaultForNewBuffers
    {
        get
        {
#if DEBUG
            return !AppContext.TryGetSwitch(SwitchName, out bool on) || on;
#else
            return AppContext.TryGetSwitch(SwitchName, out bool on) && on;
#endif
        }
    }
}
