namespace SchoolJournal.Web.Features.Year.Curricula;

/// <summary>The year set-up's curricula (R-YEAR-7) and teaching load (R-YEAR-9) routes and services.</summary>
public static class CurriculaApi
{
    public static IServiceCollection AddCurricula(this IServiceCollection services) => services
        .AddScoped<CurriculumBook>().AddScoped<TeachingLoad>();

    public static RouteGroupBuilder MapCurriculaApi(this RouteGroupBuilder v1)
    {
        var plans = v1.MapGroup("").WithTags("Учебные планы");
        plans.MapGet("/curricula", async (CurriculumBook book, CancellationToken ct) => (await book.ListAsync(ct)).ToResult())
            .WithSummary("Учебные планы текущего года: параллели, профили и индивидуальные планы, часы и их сумма против максимума по СанПиН.");
        plans.MapPost("/curricula", async (CurriculumBook.CurriculumInput input, CurriculumBook book, CancellationToken ct) =>
                (await book.CreateAsync(input, ct)).ToResult(plan => Results.Created($"/api/v1/curricula/{plan.Id}", plan)))
            .WithSummary("Новый учебный план; copyOf — копия строк другого плана (для другого профиля).");
        plans.MapGet("/curricula/{id:int}", async (int id, CurriculumBook book, CancellationToken ct) => (await book.GetAsync(id, ct)).ToResult())
            .WithSummary("Учебный план со строками, итогами по частям и классами, которые по нему учатся.");
        plans.MapPut("/curricula/{id:int}",
            async (int id, CurriculumBook.CurriculumInput input, CurriculumBook book, CancellationToken ct) => (await book.UpdateAsync(id, input, ct))
                .ToResult())
            .WithSummary("Изменить учебный план: название, параллель, профиль; строки заменяются присланными.");
        plans.MapDelete("/curricula/{id:int}", async (int id, CurriculumBook book, CancellationToken ct) =>
                await book.DeleteAsync(id, ct) is { } problem ? problem.ToResult() : Results.NoContent())
            .WithSummary("Удалить учебный план (нельзя, пока по нему учатся классы: 409).");
        plans.MapPut("/curricula/{id:int}/classes", async (int id, CurriculumBook.ClassesInput input, CurriculumBook book, CancellationToken ct) =>
                (await book.AssignClassesAsync(id, input, ct)).ToResult())
            .WithSummary("Классы по этому плану: ровно эти классы учатся по плану, остальные снимаются с него.");

        var load = v1.MapGroup("").WithTags("Нагрузка");
        load.MapGet("/teaching-load", async (DateOnly? date, TeachingLoad book, CancellationToken ct) => (await book.LoadAsync(date, ct)).ToResult())
            .WithSummary(
                "Распределение нагрузки на дату (по умолчанию сегодня): строки, суммы по учителям против ставки (18 ч), расхождения с учебными " +
                    "планами.");
        load.MapPost("/teaching-load", async (TeachingLoad.AssignmentInput input, TeachingLoad book, CancellationToken ct) =>
                (await book.CreateAsync(input, ct)).ToResult(row => Results.Created($"/api/v1/teaching-load/{row.Id}", row)))
            .WithSummary(
                "Назначить учителю группу с часами; replacesId — передать группу от прежнего учителя с даты from (его назначение кончится " +
                    "накануне).");
        load.MapPut("/teaching-load/{id:int}",
            async (int id, TeachingLoad.AssignmentChange input, TeachingLoad book, CancellationToken ct) => (await book.UpdateAsync(id, input, ct))
                .ToResult())
            .WithSummary("Изменить часы и даты назначения.");
        load.MapDelete("/teaching-load/{id:int}", async (int id, TeachingLoad book, CancellationToken ct) =>
                await book.DeleteAsync(id, ct) is { } problem ? problem.ToResult() : Results.NoContent())
            .WithSummary("Удалить назначение, внесённое по ошибке (чтобы учитель перестал вести группу с даты, укажите дату окончания).");
        return v1;
    }
}
