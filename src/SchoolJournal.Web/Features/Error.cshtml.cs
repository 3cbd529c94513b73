using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;

namespace SchoolJournal.Web.Features;

/// <summary>
/// The page every HTML route answers a refusal or a failure with (ErrorPages): what happened, what to do, a way back.
/// A failure shows only a code to quote, never the exception.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public int Status { get; private set; }
    public string RequestId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string What { get; private set; } = "";
    public string ToDo { get; private set; } = "";

    /// <summary>The page the person came from on this site, for «Вернуться назад» (a link, not script: the CSP allows none inline).</summary>
    public string? Back { get; private set; }

    private string? SameSiteReferer() =>
        Uri.TryCreate(Request.Headers.Referer.ToString(), UriKind.Absolute, out var from)
        && string.Equals(from.Authority, Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? from.PathAndQuery
            : null;

    public void OnGet(int? code)
    {
        // Re-executed after a refusal the response already carries its status; after an exception it is 500.
        // Opened straight, with no failure behind it, the page itself answers 200.
        Status = code ?? (Response.StatusCode >= 400 ? Response.StatusCode : StatusCodes.Status500InternalServerError);
        if (code is not null && Response.StatusCode < 400) Response.StatusCode = Status;
        Back = SameSiteReferer();
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        (Title, What, ToDo) = Texts(Status);
    }

    public void OnPost(int? code) => OnGet(code);

    public static (string Title, string What, string ToDo) Texts(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("Неверный запрос",
            "Страница не смогла разобрать то, что было отправлено: адрес или данные формы неполные или неверные.",
            "Вернитесь назад и заполните форму ещё раз или откройте страницу через меню."),
        StatusCodes.Status401Unauthorized => ("Требуется вход",
            "Эта страница открывается только после входа в журнал.", "Войдите под своей учётной записью и повторите."),
        StatusCodes.Status403Forbidden => ("Нет доступа",
            "У вашей учётной записи нет прав на эту страницу или на эти данные (например, класс, который вы не ведёте, "
            + "или чужой ребёнок).",
            "Если доступ нужен для работы, обратитесь к администратору школы. Ничего не изменилось."),
        StatusCodes.Status404NotFound => ("Страница не найдена",
            "По этому адресу ничего нет: адрес набран с ошибкой или запись удалена.",
            "Проверьте адрес или откройте нужную страницу через меню."),
        StatusCodes.Status405MethodNotAllowed => ("Действие недоступно",
            "Эта страница не принимает такой запрос.", "Откройте страницу через меню и повторите действие."),
        StatusCodes.Status409Conflict => ("Данные уже изменились",
            "Пока вы работали, эти данные изменил кто-то другой.", "Обновите страницу и повторите действие."),
        >= 500 => ("Что-то пошло не так",
            "При обработке запроса произошла ошибка. Данные не изменились.",
            "Попробуйте ещё раз; если ошибка повторяется, сообщите администратору школы код, указанный ниже."),
        _ => ("Запрос не выполнен", "Сервер отклонил запрос.", "Вернитесь назад и попробуйте ещё раз."),
    };
}
