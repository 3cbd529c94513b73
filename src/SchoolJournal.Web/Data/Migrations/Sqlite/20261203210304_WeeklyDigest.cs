using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolJournal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WeeklyDigest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeOnly>(
                name: "WeeklyDigestAt",
                table: "Schools",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WeeklyDigestDay",
                table: "Schools",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WeeklyDigestAt",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "WeeklyDigestDay",
                table: "Schools");
        }
    }
}
