using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace SchoolJournal.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RolesCertificatesExternalIdsDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ControlWorkMarkDays",
                table: "Schools",
                type: "integer",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.AddColumn<int>(
                name: "EssayMarkDays",
                table: "Schools",
                type: "integer",
                nullable: false,
                defaultValue: 7);

            migrationBuilder.AddColumn<int>(
                name: "HomeworkGraceMinutes",
                table: "Schools",
                type: "integer",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.AddColumn<int>(
                name: "PasswordMinLength",
                table: "Schools",
                type: "integer",
                nullable: false,
                defaultValue: 8);

            migrationBuilder.CreateTable(
                name: "ExternalIds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    System = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    EntityId = table.Column<int>(type: "integer", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExternalIds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExternalIds_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SchoolRoles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Permissions = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolRoles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolRoles_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StaffCertificates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Issuer = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Thumbprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    KeyAlgorithm = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NotAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RawData = table.Column<byte[]>(type: "bytea", nullable: false),
                    ProtectedPfx = table.Column<byte[]>(type: "bytea", nullable: true),
                    ImportedById = table.Column<string>(type: "text", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffCertificates_AspNetUsers_ImportedById",
                        column: x => x.ImportedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffCertificates_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffCertificates_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SchoolRoleMembers",
                columns: table => new
                {
                    SchoolRoleId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolRoleMembers", x => new { x.SchoolRoleId, x.UserId });
                    table.ForeignKey(
                        name: "FK_SchoolRoleMembers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SchoolRoleMembers_SchoolRoles_SchoolRoleId",
                        column: x => x.SchoolRoleId,
                        principalTable: "SchoolRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JournalSignatures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    TeachingGroupId = table.Column<int>(type: "integer", nullable: true),
                    StudyPeriodId = table.Column<int>(type: "integer", nullable: true),
                    AcademicYearId = table.Column<int>(type: "integer", nullable: false),
                    StaffCertificateId = table.Column<int>(type: "integer", nullable: false),
                    SignerId = table.Column<string>(type: "text", nullable: false),
                    SignerName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ContentSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Cms = table.Column<byte[]>(type: "bytea", nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JournalSignatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JournalSignatures_AcademicYears_AcademicYearId",
                        column: x => x.AcademicYearId,
                        principalTable: "AcademicYears",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JournalSignatures_AspNetUsers_SignerId",
                        column: x => x.SignerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JournalSignatures_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JournalSignatures_StaffCertificates_StaffCertificateId",
                        column: x => x.StaffCertificateId,
                        principalTable: "StaffCertificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JournalSignatures_StudyPeriods_StudyPeriodId",
                        column: x => x.StudyPeriodId,
                        principalTable: "StudyPeriods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_JournalSignatures_TeachingGroups_TeachingGroupId",
                        column: x => x.TeachingGroupId,
                        principalTable: "TeachingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExternalIds_SchoolId_EntityType_EntityId",
                table: "ExternalIds",
                columns: new[] { "SchoolId", "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_ExternalIds_SchoolId_System_Kind_Key",
                table: "ExternalIds",
                columns: new[] { "SchoolId", "System", "Kind", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JournalSignatures_AcademicYearId",
                table: "JournalSignatures",
                column: "AcademicYearId");

            migrationBuilder.CreateIndex(
                name: "IX_JournalSignatures_SchoolId_AcademicYearId_Kind",
                table: "JournalSignatures",
                columns: new[] { "SchoolId", "AcademicYearId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_JournalSignatures_SignerId",
                table: "JournalSignatures",
                column: "SignerId");

            migrationBuilder.CreateIndex(
                name: "IX_JournalSignatures_StaffCertificateId",
                table: "JournalSignatures",
                column: "StaffCertificateId");

            migrationBuilder.CreateIndex(
                name: "IX_JournalSignatures_StudyPeriodId",
                table: "JournalSignatures",
                column: "StudyPeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_JournalSignatures_TeachingGroupId_StudyPeriodId",
                table: "JournalSignatures",
                columns: new[] { "TeachingGroupId", "StudyPeriodId" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolRoleMembers_UserId",
                table: "SchoolRoleMembers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolRoles_SchoolId_Name",
                table: "SchoolRoles",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffCertificates_ImportedById",
                table: "StaffCertificates",
                column: "ImportedById");

            migrationBuilder.CreateIndex(
                name: "IX_StaffCertificates_SchoolId_Thumbprint",
                table: "StaffCertificates",
                columns: new[] { "SchoolId", "Thumbprint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffCertificates_UserId",
                table: "StaffCertificates",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExternalIds");

            migrationBuilder.DropTable(
                name: "JournalSignatures");

            migrationBuilder.DropTable(
                name: "SchoolRoleMembers");

            migrationBuilder.DropTable(
                name: "StaffCertificates");

            migrationBuilder.DropTable(
                name: "SchoolRoles");

            migrationBuilder.DropColumn(
                name: "ControlWorkMarkDays",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "EssayMarkDays",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "HomeworkGraceMinutes",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "PasswordMinLength",
                table: "Schools");
        }
    }
}
