using SchoolJournal.Web.Infrastructure;

namespace SchoolJournal.Web.Features.Accounts;

/// <summary>
/// Printable slips of logins and initial passwords (R-SEC-3): A4, eight slips a page in two columns, dashed cut lines,
/// each with the school, the person, the login, the password, the site address and what to do at the first sign-in.
/// Made on demand from what was just issued and never stored: the passwords exist nowhere else.
/// </summary>
public static class CredentialSlips
{
    public const string Title = "Логины и пароли для входа в электронный дневник";
    public const int Columns = 2;
    public const int Rows = 4;
    private const double Margin = 28;
    private const double Padding = 12;

    public sealed record Slip(string Name, string Who, string Login, string Password);

    public const string Instructions = "Как войти впервые: откройте адрес в браузере, введите логин и пароль. Система сразу попросит "
        + "придумать собственный пароль (не менее 8 знаков, хотя бы одна цифра и одна строчная буква) — этот пароль действует только до "
        + "смены. Никому не сообщайте пароль. Потеряли листок — обратитесь к классному руководителю: он выдаст новый пароль, а этот "
        + "перестанет действовать.";

    public static byte[] Render(string school, string site, IReadOnlyList<Slip> slips)
    {
        using var pdf = new PdfComposer(Title);
        var width = (pdf.PageWidth - 2 * Margin) / Columns;
        var height = (pdf.PageHeight - 2 * Margin) / Rows;
        for (var i = 0; i < slips.Count; i++)
        {
            var onPage = i % (Columns * Rows);
            if (onPage == 0)
            {
                if (i > 0) pdf.NewPage();
                CutLines(pdf, width, height);
            }
            var (x, top) = (Margin + onPage % Columns * width + Padding, Margin + onPage / Columns * height + Padding);
            Draw(pdf, slips[i], school, site, x, top, width - 2 * Padding);
        }
        if (slips.Count == 0) pdf.Text("Новых логинов и паролей нет.", 11);
        return pdf.ToBytes();
    }

    private static void CutLines(PdfComposer pdf, double width, double height)
    {
        var (right, bottom) = (Margin + Columns * width, Margin + Rows * height);
        for (var c = 0; c <= Columns; c++) pdf.DashedLine(Margin + c * width, Margin, Margin + c * width, bottom);
        for (var r = 0; r <= Rows; r++) pdf.DashedLine(Margin, Margin + r * height, right, Margin + r * height);
    }

    private static void Draw(PdfComposer pdf, Slip slip, string school, string site, double x, double top, double width)
    {
        top = pdf.TextAt(school, x, top, width, 7.5);
        top = pdf.TextAt("Вход в электронный дневник", x, top + 2, width, 10.5, bold: true);
        top = pdf.TextAt(slip.Name, x, top + 2, width, 10, bold: true);
        top = pdf.TextAt(slip.Who, x, top, width, 8);
        top = pdf.TextAt($"Адрес: {site}", x, top + 3, width, 9);
        top = pdf.TextAt($"Логин: {slip.Login}", x, top + 1, width, 11, bold: true);
        top = pdf.TextAt($"Пароль: {slip.Password}", x, top + 1, width, 11, bold: true);
        pdf.TextAt(Instructions, x, top + 3, width, 7);
    }
}
