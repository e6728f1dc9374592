using PrivacyShare.Internals.IO;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Internals.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Commit_WhileAnotherWriterCleansTheFolder_NeverLosesTheFile()
    {
        // Every Create removes the folder's leftover temporary files: those whose lock it can take. A
        // writer that let its lock go before the rename (the demo's calendar beside its release did this,
        // and so can two commands writing into one folder) could lose its file to that cleanup in between.
        using var stop = new CancellationTokenSource();
        var cleaner = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                using var other = AtomicFile.Create(_dir.File($"other-{i++ % 4}.csv"), overwrite: true);
            }
        });
        try
        {
            for (var i = 0; i < 1000; i++)
            {
                var path = _dir.File($"out-{i}.csv");
                using (var file = AtomicFile.Create(path, overwrite: false))
                {
                    file.Stream.WriteByte(unchecked((byte)i));
                    file.Commit();
                }

                Assert.Equal([unchecked((byte)i)], File.ReadAllBytes(path));
            }
        }
        finally
        {
            stop.Cancel();
            await cleaner;
        }
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNothing()
    {
        var path = _dir.File("out.csv");
        using (var file = AtomicFile.Create(path, overwrite: false))
        {
            file.Stream.Write([1, 2, 3]);
        }

        Assert.Empty(_dir.Files());
    }

    [Fact]
    public void Commit_MovesTemporaryFileIntoPlace()
    {
        var path = _dir.File("out.csv");
        using (var file = AtomicFile.Create(path, overwrite: false))
        {
            file.Stream.Write([1, 2, 3]);
            Assert.False(File.Exists(path));
            file.Commit();
        }

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["out.csv"], _dir.Files());
    }

    [Fact]
    public void Create_ExistingFile_IsRefusedAndUntouched()
    {
        var path = _dir.Write("out.csv", "precious");

        var e = Assert.Throws<RefusedException>(() => AtomicFile.Create(path, overwrite: false));

        Assert.Contains("already exists", e.Message);
        Assert.Equal(Refusal.OutputExists, e.Reason);
        Assert.DoesNotContain("--force", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public void Create_WithMode_CreatesFileWithThatMode()
    {
        var path = _dir.File("secret");
        using (var file = AtomicFile.Create(path, overwrite: false, UnixFileMode.UserRead | UnixFileMode.UserWrite))
        {
            file.Commit();
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Create_MissingFolder_IsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => AtomicFile.Create(_dir.File("no/such/out.csv"), overwrite: false));

        Assert.Contains("does not exist", e.Message);
    }
}
