using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BujjiCoder.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class UserBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_usage_records_UserId_At",
                table: "usage_records");

            migrationBuilder.CreateTable(
                name: "user_budgets",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    DailyTokens = table.Column<long>(type: "bigint", nullable: true),
                    MonthlyTokens = table.Column<long>(type: "bigint", nullable: true),
                    DailyCostMicroUsd = table.Column<long>(type: "bigint", nullable: true),
                    MonthlyCostMicroUsd = table.Column<long>(type: "bigint", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_user_budgets", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_user_budgets_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_UserId_At",
                table: "usage_records",
                columns: new[] { "UserId", "At" })
                .Annotation("Npgsql:IndexInclude", new[] { "InputTokens", "OutputTokens", "CostMicroUsd", "CacheHit" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "user_budgets");

            migrationBuilder.DropIndex(
                name: "IX_usage_records_UserId_At",
                table: "usage_records");

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_UserId_At",
                table: "usage_records",
                columns: new[] { "UserId", "At" });
        }
    }
}
