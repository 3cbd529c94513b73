using System.Security.Cryptography;

namespace SchoolJournal.Web.Infrastructure.Audit;

/// <summary>
/// The secret that signs the audit anchors (decision record 0012), kept outside the database: the setting
/// <c>Audit:AnchorKey</c> (base64, at least 32 bytes), or else the file <c>Audit:KeyFile</c> (by default data/keys/audit-anchor.key),
/// created with a random key on first use and readable by the app's account only.
/// </summary>
public sealed class AnchorKey(IConfiguration config, IHostEnvironment env)
{
    private byte[]? _key;
    private bool _created;

    public string KeyFile =>
        config["Audit:KeyFile"] is { Length: > 0 } file ? file : Path.Combine(env.ContentRootPath, "data", "keys", "audit-anchor.key");

    /// <param name="created">True when this instance made the key: no anchor before it could have been signed.</param>
    public byte[] Get(out bool created)
    {
        _key ??= Load();
        created = _created;
        return _key;
    }

    private byte[] Load()
    {
        if (config["Audit:AnchorKey"] is { Length: > 0 } configured) return Decode(configured, "настройке Audit:AnchorKey");
        if (File.Exists(KeyFile)) return Decode(File.ReadAllText(KeyFile).Trim(), $"файле {KeyFile}");
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(KeyFile))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(KeyFile, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(Convert.ToBase64String(key));
        _created = true;
        return key;
    }

    private static byte[] Decode(string text, string where)
    {
        try
        {
            var key = Convert.FromBase64String(text);
            if (key.Length >= 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new InvalidDataException($"Ключ подписи привязок в {where} неверен: нужна строка base64 не короче 32 байт.");
    }
}
