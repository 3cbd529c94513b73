using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SchoolJournal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class YearSetup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Activity",
                table: "TimetableEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Parity",
                table: "TimetableEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "TimetableEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "BellScheduleId",
                table: "TeachingGroups",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DaysPerWeek",
                table: "TeachingGroups",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "TeachingGroups",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Shift",
                table: "TeachingGroups",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "GradingSystemId",
                table: "Subjects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ControlWorksPerWeekLimit",
                table: "Schools",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "GradingSystemId",
                table: "SchoolClasses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PreviousClassId",
                table: "SchoolClasses",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "OriginalDate",
                table: "Lessons",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OriginalNumber",
                table: "Lessons",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ThematicTopicId",
                table: "Lessons",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "TopicFromPlan",
                table: "Lessons",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "PreviousYearId",
                table: "AcademicYears",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ControlWorks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    AcademicYearId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolClassId = table.Column<int>(type: "INTEGER", nullable: false),
                    TeachingGroupId = table.Column<int>(type: "INTEGER", nullable: true),
                    SubjectId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LessonNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Form = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ControlWorks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ControlWorks_AcademicYears_AcademicYearId",
                        column: x => x.AcademicYearId,
                        principalTable: "AcademicYears",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ControlWorks_SchoolClasses_SchoolClassId",
                        column: x => x.SchoolClassId,
                        principalTable: "SchoolClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ControlWorks_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ControlWorks_Subjects_SubjectId",
                        column: x => x.SubjectId,
                        principalTable: "Subjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ControlWorks_TeachingGroups_TeachingGroupId",
                        column: x => x.TeachingGroupId,
                        principalTable: "TeachingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "LessonChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    LessonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    FromTeacherId = table.Column<int>(type: "INTEGER", nullable: true),
                    ToTeacherId = table.Column<int>(type: "INTEGER", nullable: true),
                    FromDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FromNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    ToDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ToNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    FromRoomId = table.Column<int>(type: "INTEGER", nullable: true),
                    ToRoomId = table.Column<int>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LessonChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LessonChanges_Lessons_LessonId",
                        column: x => x.LessonId,
                        principalTable: "Lessons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LessonChanges_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ThematicPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    TeachingGroupId = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffMemberId = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThematicPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ThematicPlans_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ThematicPlans_StaffMembers_StaffMemberId",
                        column: x => x.StaffMemberId,
                        principalTable: "StaffMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ThematicPlans_TeachingGroups_TeachingGroupId",
                        column: x => x.TeachingGroupId,
                        principalTable: "TeachingGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ThematicTopics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    ThematicPlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Section = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Hours = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ThematicTopics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ThematicTopics_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ThematicTopics_ThematicPlans_ThematicPlanId",
                        column: x => x.ThematicPlanId,
                        principalTable: "ThematicPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TeachingGroups_BellScheduleId",
                table: "TeachingGroups",
                column: "BellScheduleId");

            migrationBuilder.CreateIndex(
                name: "IX_Subjects_GradingSystemId",
                table: "Subjects",
                column: "GradingSystemId");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolClasses_GradingSystemId",
                table: "SchoolClasses",
                column: "GradingSystemId");

            migrationBuilder.CreateIndex(
                name: "IX_SchoolClasses_PreviousClassId",
                table: "SchoolClasses",
                column: "PreviousClassId");

            migrationBuilder.CreateIndex(
                name: "IX_Lessons_ThematicTopicId",
                table: "Lessons",
                column: "ThematicTopicId");

            migrationBuilder.CreateIndex(
                name: "IX_ControlWorks_AcademicYearId",
                table: "ControlWorks",
                column: "AcademicYearId");

            migrationBuilder.CreateIndex(
                name: "IX_ControlWorks_SchoolClassId_Date",
                table: "ControlWorks",
                columns: new[] { "SchoolClassId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ControlWorks_SchoolId_Date",
                table: "ControlWorks",
                columns: new[] { "SchoolId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_ControlWorks_SubjectId",
                table: "ControlWorks",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ControlWorks_TeachingGroupId",
                table: "ControlWorks",
                column: "TeachingGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_LessonChanges_LessonId",
                table: "LessonChanges",
                column: "LessonId");

            migrationBuilder.CreateIndex(
                name: "IX_LessonChanges_SchoolId_CreatedAt",
                table: "LessonChanges",
                columns: new[] { "SchoolId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ThematicPlans_SchoolId",
                table: "ThematicPlans",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_ThematicPlans_StaffMemberId",
                table: "ThematicPlans",
                column: "StaffMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ThematicPlans_TeachingGroupId",
                table: "ThematicPlans",
                column: "TeachingGroupId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ThematicTopics_SchoolId",
                table: "ThematicTopics",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_ThematicTopics_ThematicPlanId_Number",
                table: "ThematicTopics",
                columns: new[] { "ThematicPlanId", "Number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Lessons_ThematicTopics_ThematicTopicId",
                table: "Lessons",
                column: "ThematicTopicId",
                principalTable: "ThematicTopics",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_SchoolClasses_GradingSystems_GradingSystemId",
                table: "SchoolClasses",
                column: "GradingSystemId",
                principalTable: "GradingSystems",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_SchoolClasses_SchoolClasses_PreviousClassId",
                table: "SchoolClasses",
                column: "PreviousClassId",
                principalTable: "SchoolClasses",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Subjects_GradingSystems_GradingSystemId",
                table: "Subjects",
                column: "GradingSystemId",
                principalTable: "GradingSystems",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_TeachingGroups_BellSchedules_BellScheduleId",
                table: "TeachingGroups",
                column: "BellScheduleId",
                principalTable: "BellSchedules",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Lessons_ThematicTopics_ThematicTopicId",
                table: "Lessons");

            migrationBuilder.DropForeignKey(
                name: "FK_SchoolClasses_GradingSystems_GradingSystemId",
                table: "SchoolClasses");

            migrationBuilder.DropForeignKey(
                name: "FK_SchoolClasses_SchoolClasses_PreviousClassId",
                table: "SchoolClasses");

            migrationBuilder.DropForeignKey(
                name: "FK_Subjects_GradingSystems_GradingSystemId",
                table: "Subjects");

            migrationBuilder.DropForeignKey(
                name: "FK_TeachingGroups_BellSchedules_BellScheduleId",
                table: "TeachingGroups");

            migrationBuilder.DropTable(
                name: "ControlWorks");

            migrationBuilder.DropTable(
                name: "LessonChanges");

            migrationBuilder.DropTable(
                name: "ThematicTopics");

            migrationBuilder.DropTable(
                name: "ThematicPlans");

            migrationBuilder.DropIndex(
                name: "IX_TeachingGroups_BellScheduleId",
                table: "TeachingGroups");

            migrationBuilder.DropIndex(
                name: "IX_Subjects_GradingSystemId",
                table: "Subjects");

            migrationBuilder.DropIndex(
                name: "IX_SchoolClasses_GradingSystemId",
                table: "SchoolClasses");

            migrationBuilder.DropIndex(
                name: "IX_SchoolClasses_PreviousClassId",
                table: "SchoolClasses");

            migrationBuilder.DropIndex(
                name: "IX_Lessons_ThematicTopicId",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "Activity",
                table: "TimetableEntries");

            migrationBuilder.DropColumn(
                name: "Parity",
                table: "TimetableEntries");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "TimetableEntries");

            migrationBuilder.DropColumn(
                name: "BellScheduleId",
                table: "TeachingGroups");

            migrationBuilder.DropColumn(
                name: "DaysPerWeek",
                table: "TeachingGroups");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "TeachingGroups");

            migrationBuilder.DropColumn(
                name: "Shift",
                table: "TeachingGroups");

            migrationBuilder.DropColumn(
                name: "GradingSystemId",
                table: "Subjects");

            migrationBuilder.DropColumn(
                name: "ControlWorksPerWeekLimit",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "GradingSystemId",
                table: "SchoolClasses");

            migrationBuilder.DropColumn(
                name: "PreviousClassId",
                table: "SchoolClasses");

            migrationBuilder.DropColumn(
                name: "OriginalDate",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "OriginalNumber",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "ThematicTopicId",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "TopicFromPlan",
                table: "Lessons");

            migrationBuilder.DropColumn(
                name: "PreviousYearId",
                table: "AcademicYears");
        }
    }
}
