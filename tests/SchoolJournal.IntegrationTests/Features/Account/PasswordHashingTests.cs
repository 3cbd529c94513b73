using System.Buffers.Binary;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using SchoolJournal.IntegrationTests.Features.Journal;
using SchoolJournal.IntegrationTests.Infrastructure;
using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features.Account;

/// <summary>
/// The tests hash passwords with few iterations (<see cref="JournalApp.TestHashIterations"/>) to keep the suite fast;
/// these prove that the app itself, without that override, stores hashes at production strength.
/// </summary>
public sealed class PasswordHashingTests
{
    /// <summary>Identity's version-3 hash: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.</summary>
    private static int Iterations(string passwordHash)
    {
        var bytes = Convert.FromBase64String(passwordHash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }

    private static async Task<string> HashOfNewAccountAsync(JournalApp app)
    {
        await app.SeedAsync(async b =>
        {
            await b.SchoolAsync();
            return await b.UserAsync("smirnova", "Смирнова Анна Викторовна", [Roles.Teacher]);
        });
        return await app.QueryAsync(db => db.Users.Where(u => u.UserName == "smirnova").Select(u => u.PasswordHash!).SingleAsync());
    }

    [Fact]
    public async Task The_app_hashes_passwords_with_100000_PBKDF2_iterations_and_signs_in_with_them()
    {
        using var app = new JournalApp { ProductionPasswordHashing = true };

        Assert.Equal(100_000, Iterations(await HashOfNewAccountAsync(app)));
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { login = "smirnova", password = JournalApp.Password });
        Assert.Equal(System.Net.HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Tests_hash_with_the_lower_count_they_set()
    {
        using var app = new JournalApp();

        Assert.Equal(JournalApp.TestHashIterations, Iterations(await HashOfNewAccountAsync(app)));
    }
}
