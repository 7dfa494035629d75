using CsCheck;
using Nabla.Course.Progress;
using Nabla.Course.Reports;
using Xunit;

namespace Nabla.Tests.Reports;

public sealed class ClassReportPropertyTests
{
    private static readonly string[] Templates = ["t1", "t2", "t3", "retired", "lab:backprop", "lab:heights"];
    private static readonly string[] Ids = ["inner-dropped", "exp-power", "option-2", "not-equivalent", "entries-wrong"];

    private static IReadOnlyList<ClassLearner> RandomClass(Random random)
    {
        var learners = new List<ClassLearner>();
        for (int l = random.Next(0, 6); l > 0; l--)
        {
            string id = "l" + l;
            var attempts = new List<AttemptRecord>();
            for (int a = random.Next(0, 12); a > 0; a--)
            {
                var ids = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Ids[random.Next(Ids.Length)]).Distinct().ToArray();
                attempts.Add(new AttemptRecord(id, Templates[random.Next(Templates.Length)], random.Next(3), ["s1"], random.Next(1, 4),
                    random.Next(2) == 0, random.NextDouble(), SmallClass.T0.AddMinutes(random.Next(1000)), ids));
            }
            var mastery = new[] { "s1", "s2", "s3", "elsewhere" }.Where(_ => random.Next(2) == 0)
                .Select(s => new SkillMastery(s, (MasteryLevel)random.Next(5), 0, 0, 0, null)).ToList();
            learners.Add(new ClassLearner(id, "Learner " + l, attempts, mastery));
        }
        return learners;
    }

    [Fact]
    public void Shares_sum_to_one_and_every_attempt_is_counted_once()
    {
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var learners = RandomClass(new Random(seed));
            var report = ClassReport.Build(SmallClass.Course, learners);
            int total = learners.Sum(l => l.Attempts.Count);
            int labs = report.Assignments.Sum(a => a.Learners.Sum(l => l.Attempts));
            Assert.Equal(total, report.Exercises.Sum(e => e.Attempts) + labs);
            Assert.Equal(report.Exercises.Sum(e => e.Attempts), report.Learners.Sum(l => l.Attempts));
            foreach (var e in report.Exercises)
            {
                Assert.Equal(e.WrongFirstTries, e.Feedback.Sum(f => f.Count));
                if (e.WrongFirstTries > 0) Assert.Equal(1.0, e.Feedback.Sum(f => f.Share), 9);
                Assert.All(e.Feedback, f => Assert.InRange(f.Count, 1, f.Fired));
                Assert.True(e.Feedback.Zip(e.Feedback.Skip(1)).All(p => p.First.Count >= p.Second.Count), "sorted by frequency");
                Assert.InRange(e.Learners, e.Attempts > 0 ? 1 : 0, learners.Count);
            }
            foreach (var m in report.Modules)
            {
                Assert.Equal(learners.Count * m.Skills.Count, m.Levels.Total);
                Assert.All(m.Skills, s => Assert.Equal(learners.Count, s.Levels.Total));
                Assert.InRange(m.LearnersNotStarted, 0, learners.Count);
                if (m.Levels.Total > 0)
                    Assert.Equal(1.0, Enum.GetValues<MasteryLevel>().Sum(m.Levels.Share), 9);
            }
            // Each learner's history is every one of their attempts, in time order.
            foreach (var l in learners)
            {
                var history = LearnerReport.Build(SmallClass.Course, l).History;
                Assert.Equal(l.Attempts.Count, history.Count);
                Assert.True(history.Zip(history.Skip(1)).All(p => p.First.At <= p.Second.At));
            }
        }, iter: 300);
    }
}
