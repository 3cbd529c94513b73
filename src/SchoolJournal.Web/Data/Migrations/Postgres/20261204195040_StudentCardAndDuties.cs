using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SchoolJournal.Web.Data.Migrations.Postgres
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HealthGroup",
                table: "Students",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdentityDocument",
                table: "Students",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PhysicalEducationGroup",
                table: "Students",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "StaffDuties",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    StaffMemberId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: true),
                    Order = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AppointedById = table.Column<string>(type: "text", nullable: false),
                    AppointedByName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    AppointedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
