using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolJournal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StudentCardAndDuties : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "Students",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HealthGroup",
                table: "Students",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityDocument",
                table: "Students",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PhysicalEducationGroup",
                table: "Students",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "StaffDuties",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffMemberId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Order = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AppointedById = table.Column<string>(type: "TEXT", nullable: false),
                    AppointedByName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AppointedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffDuties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffDuties_AspNetUsers_AppointedById",
                        column: x => x.AppointedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffDuties_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffDuties_StaffMembers_StaffMemberId",
                        column: x => x.StaffMemberId,
                        principalTable: "StaffMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StaffDuties_AppointedById",
                table: "StaffDuties",
                column: "AppointedById");

            migrationBuilder.CreateIndex(
                name: "IX_StaffDuties_SchoolId_Kind_From",
                table: "StaffDuties",
                columns: new[] { "SchoolId", "Kind", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffDuties_StaffMemberId_From",
                table: "StaffDuties",
                columns: new[] { "StaffMemberId", "From" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StaffDuties");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "HealthGroup",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "IdentityDocument",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "PhysicalEducationGroup",
                table: "Students");
        }
    }
}
