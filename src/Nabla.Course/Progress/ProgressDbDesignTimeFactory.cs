using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Nabla.Course.Progress;

/// <summary>
/// Lets <c>dotnet ef migrations add NAME --project src/Nabla.Course --startup-project src/Nabla.Course</c> build the
/// progress model without a host; the connection is never opened at design time.
/// </summary>
internal sealed class ProgressDbDesignTimeFactory : IDesignTimeDbContextFactory<ProgressDb>
{
    public ProgressDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ProgressDb>().UseSqlite("Data Source=design-time.db").Options);
}
