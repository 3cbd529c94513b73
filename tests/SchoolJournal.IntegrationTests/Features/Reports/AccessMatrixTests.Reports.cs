using SchoolJournal.Web.Data;

namespace SchoolJournal.IntegrationTests.Features;

// The Reports routes in the access matrix: the administration reads every report, a class teacher his class's.
public sealed partial class AccessMatrixTests
{
    private static Row[] ReportsRows =>
    [
        new("GET /api/v1/reports/progress", w => $"/api/v1/reports/progress?periodId={w.LockPeriodId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/averages", w => $"/api/v1/reports/averages?periodId={w.LockPeriodId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/absences", w => $"/api/v1/reports/absences?periodId={w.LockPeriodId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/control-works", w => $"/api/v1/reports/control-works?periodId={w.LockPeriodId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/failing-marks", w => $"/api/v1/reports/failing-marks?periodId={w.LockPeriodId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/journal-keeping", _ => "/api/v1/reports/journal-keeping?from=2026-11-01&to=2026-11-30",
            Only(Roles.Director, Roles.Deputy)),
        new("GET /api/v1/reports/plan-fulfilment", _ => "/api/v1/reports/plan-fulfilment?from=2026-11-01&to=2026-11-30",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/workload", _ => "/api/v1/reports/workload?from=2026-11-01&to=2026-11-30", Only(Roles.Director, Roles.Deputy)),
        new("GET /api/v1/reports/class-analysis", w => $"/api/v1/reports/class-analysis?periodId={w.LockPeriodId}&classId={w.ClassId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("GET /api/v1/reports/activity", _ => "/api/v1/reports/activity?from=2026-11-01&to=2026-11-30", Only(Roles.Director, Roles.Deputy)),
        new("GET /api/v1/reports/overdue", _ => "/api/v1/reports/overdue", Only(Roles.Director, Roles.Deputy)),
        new("PAGE /Reports", _ => "/Reports", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/Progress", w => $"/Reports/Progress?classId={w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/Averages", w => $"/Reports/Averages?classId={w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/Absences", w => $"/Reports/Absences?classId={w.ClassId}", Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/ControlWorks", w => $"/Reports/ControlWorks?classId={w.ClassId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/FailingMarks", w => $"/Reports/FailingMarks?classId={w.ClassId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/PlanFulfilment", w => $"/Reports/PlanFulfilment?classId={w.ClassId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/ClassAnalysis", w => $"/Reports/ClassAnalysis?classId={w.ClassId}",
            Only(Roles.Director, Roles.Deputy, Roles.ClassTeacher)),
        new("PAGE /Reports/Workload", _ => "/Reports/Workload", Only(Roles.Director, Roles.Deputy)),
        new("PAGE /Reports/Activity", _ => "/Reports/Activity", Only(Roles.Director, Roles.Deputy)),
        new("PAGE /Reports/JournalKeeping", _ => "/Reports/JournalKeeping", Only(Roles.Director, Roles.Deputy)),
    ];
}
