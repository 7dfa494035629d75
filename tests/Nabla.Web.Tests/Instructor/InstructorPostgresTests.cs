using System.Net;
using Nabla.Web.Tests.Infrastructure;
using static Nabla.Web.Tests.Instructor.InstructorTestSupport;

namespace Nabla.Web.Tests.Instructor;

/// <summary>The class report over PostgreSQL: the same answers give the same numbers as over SQLite.</summary>
public sealed class InstructorPostgresTests
{
    [PostgresFact]
    public async Task Report_and_csv_over_postgres()
    {
        using var database = PostgresDatabase.CreateFresh();
        using var factory = new HostedWebFactory(HostedDatabase.Postgres(database));
        var (instructor, course, _) = await InstructorReportTests.ClassWithAnswers(factory, "Postgres class");
        string html = await instructor.GetStringAsync($"/instructor/classes/{course.Id}");
        int row = html.IndexOf($"id=\"exercise-{InstructorReportTests.ChainExp}\"", StringComparison.Ordinal);
        Assert.True(row > 0, "the chain-rule exercise is listed");
        string exercise = html[row..html.IndexOf("</tr>", row, StringComparison.Ordinal)];
        Assert.Contains("<strong>67%</strong> of wrong first tries (2 of 3)", exercise, StringComparison.Ordinal);
        Assert.Contains(InstructorReportTests.InnerDroppedMessage, exercise, StringComparison.Ordinal);
        var response = await instructor.GetAsync($"/instructor/classes/{course.Id}/attempts.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1 + 5, ParseCsv(await CsvText(response)).Count);
    }
}
