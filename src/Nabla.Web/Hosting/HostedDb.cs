using System.Data.Common;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nabla.Course.Progress;

namespace Nabla.Web.Hosting;

/// <summary>
/// The hosted database: accounts and roles (Identity), classes and their members, the Data Protection key ring (so
/// every web instance reads the same cookies and tokens) and the progress tables (<see cref="ProgressModel"/>).
/// One model, two providers: <see cref="SqliteHostedDb"/> and <see cref="PostgresHostedDb"/> each carry their own
/// migrations (Hosting/Migrations/Sqlite, Hosting/Migrations/Postgres); code uses this base type.
/// </summary>
public abstract class HostedDb : IdentityDbContext<NablaUser>, IDataProtectionKeyContext
{
    /// <summary>For the provider-specific subclasses.</summary>
    protected HostedDb(DbContextOptions options) : base(options)
    {
    }

    /// <summary>The classes.</summary>
    public DbSet<CourseClass> Classes => Set<CourseClass>();

    /// <summary>Who is in which class.</summary>
    public DbSet<ClassMember> ClassMembers => Set<ClassMember>();

    /// <inheritdoc />
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<NablaUser>().Property(u => u.DisplayName).HasMaxLength(NablaUser.MaxDisplayNameLength);
        builder.Entity<CourseClass>(e =>
        {
            e.ToTable("classes");
            e.Property(c => c.Name).HasMaxLength(CourseClass.MaxNameLength);
            e.Property(c => c.JoinCode).HasMaxLength(JoinCodes.Length);
            e.HasIndex(c => c.JoinCode).IsUnique();
            e.HasIndex(c => c.InstructorId);
            e.HasOne<NablaUser>().WithMany().HasForeignKey(c => c.InstructorId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ClassMember>(e =>
        {
            e.ToTable("class_members");
            e.HasKey(m => new { m.ClassId, m.UserId });
            e.HasIndex(m => m.UserId);
            e.HasOne<CourseClass>().WithMany().HasForeignKey(m => m.ClassId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<NablaUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        // The roles are data every instance needs: seeded by the migrations, never at run time.
        builder.Entity<IdentityRole>().HasData(Hosting.Roles.All.Select(role => new IdentityRole
        {
            Id = role, Name = role, NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = role,
        }));
        ProgressModel.Configure(builder);
    }
}

/// <summary>The hosted database on SQLite (one server, or a small class).</summary>
public sealed class SqliteHostedDb(DbContextOptions<SqliteHostedDb> options) : HostedDb(options);

/// <summary>The hosted database on PostgreSQL (several web instances, larger classes).</summary>
public sealed class PostgresHostedDb(DbContextOptions<PostgresHostedDb> options) : HostedDb(options);

/// <summary>
/// Every SQLite connection of the hosted database: WAL with synchronous=NORMAL (a commit appends to the log without
/// an fsync, durable against a killed process) and a busy timeout so concurrent writers wait instead of failing.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Lets <c>dotnet ef migrations add NAME --context SqliteHostedDb</c> build the model without a host.</summary>
internal sealed class SqliteHostedDbDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHostedDb>
{
    public SqliteHostedDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteHostedDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add NAME --context PostgresHostedDb</c> build the model; never connects.</summary>
internal sealed class PostgresHostedDbDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHostedDb>
{
    public PostgresHostedDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresHostedDb>().UseNpgsql("Host=localhost;Database=nabla_design_time").Options);
}

/// <summary>Hands out <see cref="HostedDb"/> contexts of the configured provider.</summary>
internal sealed class HostedDbFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<HostedDb>
    where TContext : HostedDb
{
    public HostedDb CreateDbContext() => inner.CreateDbContext();
}
