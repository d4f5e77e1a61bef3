using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BujjiCoder.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FileStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RevisionCount",
                table: "workspaces",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "RulesHash",
                table: "workspaces",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "file_blobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_file_blobs", x => x.Id);
                    table.UniqueConstraint("AK_file_blobs_Hash", x => x.Hash);
                });

            migrationBuilder.CreateTable(
                name: "import_jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BytesTotal = table.Column<long>(type: "INTEGER", nullable: false),
                    BytesRead = table.Column<long>(type: "INTEGER", nullable: false),
                    FilesWritten = table.Column<int>(type: "INTEGER", nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_import_jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_import_jobs_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_revisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RevertOf = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_workspace_revisions_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "blob_symbols",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BlobHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_blob_symbols", x => x.Id);
                    table.ForeignKey(
                        name: "FK_blob_symbols_file_blobs_BlobHash",
                        column: x => x.BlobHash,
                        principalTable: "file_blobs",
                        principalColumn: "Hash",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "workspace_files",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IsBinary = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_workspace_files", x => new { x.WorkspaceId, x.Path });
                    table.ForeignKey(
                        name: "FK_workspace_files_file_blobs_Hash",
                        column: x => x.Hash,
                        principalTable: "file_blobs",
                        principalColumn: "Hash",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_workspace_files_workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "revision_files",
                columns: table => new
                {
                    RevisionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Path = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    BeforeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AfterHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revision_files", x => new { x.RevisionId, x.Path });
                    table.ForeignKey(
                        name: "FK_revision_files_file_blobs_AfterHash",
                        column: x => x.AfterHash,
                        principalTable: "file_blobs",
                        principalColumn: "Hash",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_revision_files_file_blobs_BeforeHash",
                        column: x => x.BeforeHash,
                        principalTable: "file_blobs",
                        principalColumn: "Hash",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_revision_files_workspace_revisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "workspace_revisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_workspaces_RulesHash",
                table: "workspaces",
                column: "RulesHash");

            migrationBuilder.CreateIndex(
                name: "IX_blob_symbols_BlobHash",
                table: "blob_symbols",
                column: "BlobHash");

            migrationBuilder.CreateIndex(
                name: "IX_import_jobs_WorkspaceId",
                table: "import_jobs",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_revision_files_AfterHash",
                table: "revision_files",
                column: "AfterHash");

            migrationBuilder.CreateIndex(
                name: "IX_revision_files_BeforeHash",
                table: "revision_files",
                column: "BeforeHash");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_files_Hash",
                table: "workspace_files",
                column: "Hash");

            migrationBuilder.CreateIndex(
                name: "IX_workspace_revisions_WorkspaceId_Number",
                table: "workspace_revisions",
                columns: new[] { "WorkspaceId", "Number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_workspaces_file_blobs_RulesHash",
                table: "workspaces",
                column: "RulesHash",
                principalTable: "file_blobs",
                principalColumn: "Hash",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_workspaces_file_blobs_RulesHash",
                table: "workspaces");

            migrationBuilder.DropTable(
                name: "blob_symbols");

            migrationBuilder.DropTable(
                name: "import_jobs");

            migrationBuilder.DropTable(
                name: "revision_files");

            migrationBuilder.DropTable(
                name: "workspace_files");

            migrationBuilder.DropTable(
                name: "workspace_revisions");

            migrationBuilder.DropTable(
                name: "file_blobs");

            migrationBuilder.DropIndex(
                name: "IX_workspaces_RulesHash",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "RevisionCount",
                table: "workspaces");

            migrationBuilder.DropColumn(
                name: "RulesHash",
                table: "workspaces");
        }
    }
}
