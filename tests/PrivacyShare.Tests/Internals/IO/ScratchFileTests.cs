using PrivacyShare.Internals.IO;
using PrivacyShare.Releases;
using PrivacyShare.Tests.Support;

namespace PrivacyShare.Tests.Internals.IO;

public sealed class ScratchFileTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ANewScratchFile_IsNoLeftover_ForTheFolderCleanupsOfOtherCommands()
    {
        // Between a scratch file's creation and its lock, its file is there and unlocked. Another command
        // writing into the same folder cleans its leftovers first; had the name matched their pattern
        // (.NAME.GUID.tmp, as it once did), that cleanup would open the file, refuse the release its lock,
        // or remove it. So a file under a new scratch name, unlocked, must survive both cleanups.
        var path = Path.Combine(_dir.Path, ScratchFile.NewName());
        File.WriteAllBytes(path, [1]);

        using (var other = AtomicFile.Create(_dir.File("other.csv"), overwrite: false))
        {
            other.Commit();
        }

        Releaser.RemoveLeftovers(_dir.Path, "release");

        Assert.True(File.Exists(path), $"{Path.GetFileName(path)} was taken for a leftover");
    }

    [Fact]
    public void AScratchFile_ReadsBackWhatWasWritten_AndIsNeverInTheFolder()
    {
        using (var scratch = new ScratchFile(_dir.Path))
        {
            if (!OperatingSystem.IsWindows())
            {
                Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
            }

            scratch.Write([1, 2, 3]);
            scratch.Write([4, 5, 6]);
            scratch.Rewind();

            var record = new byte[3];
            Assert.True(scratch.TryRead(record));
            Assert.Equal([1, 2, 3], record);
            Assert.True(scratch.TryRead(record));
            Assert.Equal([4, 5, 6], record);
            Assert.False(scratch.TryRead(record));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }
}
