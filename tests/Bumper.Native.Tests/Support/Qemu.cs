namespace Bumper.Native.Tests.Support;

/// <summary>Runs linux-arm64 binaries on this machine with qemu's user-mode emulator.</summary>
public static class Qemu
{
    /// <summary>Debian's arm64 cross libc: the dynamic loader and libc the binaries need.</summary>
    public const string Arm64SysRoot = "/usr/aarch64-linux-gnu";

    /// <summary>Runs <paramref name="program"/> under <c>qemu-aarch64-static -L /usr/aarch64-linux-gnu</c>.</summary>
    /// <exception cref="InvalidOperationException">qemu or the arm64 libc is not installed.</exception>
    public static ProcessResult RunArm64(string program, IEnumerable<string> arguments, string? standardInput = null)
    {
        if (!Directory.Exists(Arm64SysRoot))
        {
            throw new InvalidOperationException($"{Arm64SysRoot} is missing: install libc6-dev-arm64-cross (scripts/prereqs.sh).");
        }

        try
        {
            return NativeProcess.Run("qemu-aarch64-static", ["-L", Arm64SysRoot, program, .. arguments], standardInput);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"qemu-aarch64-static is not installed ({e.Message}): run scripts/prereqs.sh.", e);
        }
    }
}
