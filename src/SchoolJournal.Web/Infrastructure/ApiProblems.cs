using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace SchoolJournal.Web.Infrastructure;

/// <summary>
/// Bad input the framework itself rejects (malformed JSON, a field or a query value of the wrong type, a missing body, a
/// wrong content type) answered as problem details in Russian, and the framework's English titles of bare
/// status codes (404, 401, 403 …) replaced by Russian ones. Nothing is written to the database on such a request: it
/// fails before the handler runs.
/// </summary>
public static partial class ApiProblems
{
    public static IServiceCollection AddRussianProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Customize);
        // Minimal API handlers throw BadHttpRequestException on bad input in every environment (by default only in
        // Development), so that BadRequestMiddleware can say what was wrong instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Russian titles for problem details that still carry the framework's English reason phrase.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Title is null
            || problem.Title == ReasonPhrases.GetReasonPhrase(status) || problem.Title.StartsWith("An error occurred", StringComparison.Ordinal))
            problem.Title = Title(status);
        if (status == StatusCodes.Status400BadRequest && problem.Detail is null)
            problem.Detail = UnparsedParameter(context.HttpContext);
        // A wrong content type is answered by routing itself (its 415 endpoint knows nothing of the one asked for).
        if (status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null)
            problem.Detail = $"Тип содержимого «{context.HttpContext.Request.ContentType ?? "не указан"}» здесь не принимается: "
                + "данные передаются в JSON (application/json), файлы — формой (multipart/form-data).";
    }

    public static string Title(int status) => status switch
    {
        400 => "Неверный запрос",
        401 => "Требуется вход",
        403 => "Доступ запрещён",
        404 => "Не найдено",
        405 => "Метод не поддерживается",
        406 => "Неприемлемый формат ответа",
        408 => "Истекло время запроса",
        409 => "Конфликт",
        413 => "Слишком большой запрос",
        415 => "Неподдерживаемый тип содержимого",
        422 => "Данные не прошли проверку",
        429 => "Слишком много запросов",
        503 => "Сервис недоступен",
        >= 500 => "Внутренняя ошибка сервера",
        _ => "Ошибка запроса",
    };

    /// <summary>What was wrong with the request, in Russian, from the framework's exception.</summary>
    public static string Detail(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            var where = json.LineNumber is long line ? $" (строка {line + 1}, позиция {(json.BytePositionInLine ?? 0) + 1})" : "";
            // "JSON deserialization for type '…' was missing required properties including: 'address', 'snils'."
            var including = json.Message.IndexOf("missing required properties including:", StringComparison.Ordinal);
            if (including >= 0)
            {
                var names = json.Message[(including + "missing required properties including:".Length)..].Trim().TrimEnd('.')
                    .Replace("'", "", StringComparison.Ordinal);
                return $"Не переданы обязательные поля: {names}. Передайте все поля, в том числе неизменные; пустые — как null.";
            }
            var field = json.Path?.TrimStart('$').TrimStart('.');
            if (string.IsNullOrEmpty(field)) return $"Тело запроса не является правильным JSON{where}.";
            return json.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? $"Поле «{field}»: значение не того типа{where}."
                : $"Тело запроса не является правильным JSON: ошибка у поля «{field}»{where}.";
        }
        var message = exception.Message;
        if (BindFailed().Match(message) is { Success: true } bind)
            return NotRecognised(bind.Groups["name"].Value, bind.Groups["value"].Value);
        // Implicit body inferred for parameter "LoginRequest request" but no body was provided.
        if (message.Contains("no body was provided", StringComparison.Ordinal))
            return "Запрос должен содержать тело в формате JSON.";
        return "Запрос не удалось разобрать: проверьте его параметры и формат.";
    }

    private static string NotRecognised(string parameter, string value) => $"Параметр «{parameter}»: значение «{value}» не распознано.";

    /// <summary>
    /// The handlers generated at build time answer a value they cannot parse for an optional parameter (<c>int? yearId</c>)
    /// with a bare 400 instead of throwing as they do for a required one; the endpoint's binding metadata names its
    /// parameters, so the value at fault is found again here and named as <see cref="Detail"/> names it.
    /// </summary>
    private static string? UnparsedParameter(HttpContext http)
    {
        foreach (var p in http.GetEndpoint()?.Metadata.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            if (!p.HasTryParse) continue;
            var raw = http.Request.RouteValues.TryGetValue(p.Name, out var route) ? route?.ToString() : http.Request.Query[p.Name].ToString();
            var type = Nullable.GetUnderlyingType(p.ParameterInfo.ParameterType) ?? p.ParameterInfo.ParameterType;
            if (!string.IsNullOrEmpty(raw) && !Parses(type, raw)) return NotRecognised(p.Name, raw);
        }
        return null;
    }

    private static bool Parses(Type type, string raw)
    {
        if (type.IsEnum) return Enum.TryParse(type, raw, ignoreCase: true, out _);
        var tryParse = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        // A type parsed some other way is not second-guessed.
        return tryParse is null || (bool)tryParse.Invoke(null, [raw, CultureInfo.InvariantCulture, null])!;
    }

    // Failed to bind parameter "DateOnly from" from "вчера".
    [GeneratedRegex("^Failed to bind parameter \"(?:\\S+ )?(?<name>[^\"\\s]+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailed();
}

/// <summary>Turns a <see cref="BadHttpRequestException"/> into a Russian problem details answer with its status code.</summary>
public sealed class BadRequestMiddleware(RequestDelegate next, ILogger<BadRequestMiddleware> log)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            // The framework's own message may quote the caller's values: it stays out of the log.
            log.LogInformation("Bad request {Method} {Endpoint}: {Status}", context.Request.Method, context.GetEndpoint()?.DisplayName,
                exception.StatusCode);
            context.Response.Clear();
            context.Response.StatusCode = exception.StatusCode;
            // A page's bad request is answered by the error page (ErrorPages), problem details are for machines.
            if (!ErrorPages.IsMachineRoute(context.Request.Path)) return;
            var (title, detail) = (ApiProblems.Title(exception.StatusCode), ApiProblems.Detail(exception));
            var written = await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = exception.StatusCode, Title = title, Detail = detail },
            });
            if (!written)
            {
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync($"{title}. {detail}");
            }
        }
    }
}
