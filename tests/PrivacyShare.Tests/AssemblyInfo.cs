// Key files are protected by POSIX modes (0600), which the tests check directly.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
