using SchoolJournal.Web.Data;
using SchoolJournal.Web.Infrastructure;
using SchoolJournal.Web.Infrastructure.Audit;
using static SchoolJournal.Web.Features.Messages.MessagesApi;

namespace SchoolJournal.Web.Features.Messages;

/// <summary>A teacher's message or recommendation about a student (R-JRN-10): the API's POST and the student's messages page.</summary>
public sealed class SendMessage(AccessService access, CurrentUser user, JournalDbContext db, AuditLog audit, TimeProvider time)
{
    public sealed record Result(IResult? Problem, MessageDto? Message);

    public async Task<Result> HandleAsync(int studentId, MessageInput input, CancellationToken ct)
    {
        if (!access.WritesMessages) return Refused(CannotWrite());
        if (!await db.Students.AnyAsync(s => s.Id == studentId, ct)) return Refused(ApiProblem.NotFound("Ученик не найден"));
        if (input.GroupId is int groupId && !await db.TeachingGroups.AnyAsync(g => g.Id == groupId, ct))
            return Refused(ApiProblem.NotFound("Группа не найдена"));
        if (!await access.CanWriteToStudentAsync(studentId, input.GroupId, ct)) return Refused(CannotWrite());
        var kind = ParseKind(input.Kind);
        if (kind is null)
            return Refused(
                ApiProblem.BadRequest(
                    "Неизвестный вид сообщения", $"Вида «{input.Kind}» нет. Допустимые: «message» — сообщение, «recommendation» — рекомендация."));
        var text = input.Text?.Trim() ?? "";
        if (text.Length == 0) return Refused(ApiProblem.BadRequest("Пустое сообщение", "Напишите текст сообщения."));
        if (text.Length > TextMax) return Refused(ApiProblem.TooLong("Сообщение", TextMax));
        var toParents = input.ToParents ?? true;
        var toStudent = input.ToStudent ?? false;
        if (!toParents && !toStudent)
            return Refused(
                ApiProblem.BadRequest("Не выбран адресат", "Укажите, кому сообщение: родителям (toParents), ученику (toStudent) или обоим."));

        var message = new TeacherMessage
        {
            SchoolId = user.SchoolId!.Value, StudentId = studentId, TeachingGroupId = input.GroupId, Kind = kind.Value,
            ToParents = toParents, ToStudent = toStudent, Text = text, SenderUserId = user.Id!, SenderName = user.DisplayName,
            CreatedAt = time.GetUtcNow(),
        };
        db.TeacherMessages.Add(message);
        var subject = input.GroupId is null ? null
            : await db.TeachingGroups.Where(g => g.Id == input.GroupId).Select(g => g.Subject!.Name).FirstOrDefaultAsync(ct);
        await audit.SaveAuditedAsync(db, async () => await audit.RecordAsync(AuditEventType.MessageSent, "message", message.Id, null,
            new { studentId, kind = KindName(message.Kind), text, groupId = input.GroupId, toParents, toStudent }, ct: ct), ct);
        return new Result(null, new MessageDto(message.Id, studentId, KindName(message.Kind), text, input.GroupId, subject, toParents, toStudent,
            message.SenderName, message.CreatedAt));
    }

    private static Result Refused(IResult problem) => new(problem, null);
}
