using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BujjiCoder.Data.Infrastructure;

// Used only by `dotnet ef migrations add`; no database is contacted.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBujjiDbContext>
{
    public PostgresBujjiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBujjiDbContext>().UseNpgsql("Host=localhost;Database=bujjidb").Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBujjiDbContext>
{
    public SqliteBujjiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBujjiDbContext>().UseSqlite("Data Source=design.db").Options);
}
