using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BujjiCoder.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Kept apart from FileStorage, whose table rebuild (a new foreign key on workspaces) must not be
            // pending while raw SQL runs.
            //
            // Full-text search in embedded mode: an FTS5 index over the blobs' text (trigram tokens, so substrings
            // of identifiers match as they do with PostgreSQL's trigram index), kept current by triggers.
            // Blobs are immutable, so inserts and deletes are all there is to follow.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE file_blobs_fts USING fts5(Text, content='file_blobs', content_rowid='Id', tokenize='trigram');");
            migrationBuilder.Sql("""
                CREATE TRIGGER file_blobs_fts_insert AFTER INSERT ON file_blobs BEGIN
                    INSERT INTO file_blobs_fts(rowid, Text) VALUES (new.Id, new.Text);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER file_blobs_fts_delete AFTER DELETE ON file_blobs BEGIN
                    INSERT INTO file_blobs_fts(file_blobs_fts, rowid, Text) VALUES ('delete', old.Id, old.Text);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS file_blobs_fts_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS file_blobs_fts_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS file_blobs_fts;");
        }
    }
}
