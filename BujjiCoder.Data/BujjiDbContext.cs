using BujjiCoder.Data.Entities;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BujjiCoder.Data;

/// <summary>
/// The one EF Core model of Bujji Coder, shared by the Api and the Worker. Each database provider
/// has its own subclass (<see cref="PostgresBujjiDbContext"/>, <see cref="SqliteBujjiDbContext"/>) only
/// so that each keeps its own migrations; services always ask for <see cref="BujjiDbContext"/>.
/// </summary>
public abstract class BujjiDbContext(DbContextOptions options) : IdentityDbContext<BujjiUser>(options)
{
    public DbSet<ServiceHeartbeat> ServiceHeartbeats => Set<ServiceHeartbeat>();

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();

    public DbSet<FileBlob> FileBlobs => Set<FileBlob>();

    public DbSet<BlobSymbol> BlobSymbols => Set<BlobSymbol>();

    public DbSet<WorkspaceFile> WorkspaceFiles => Set<WorkspaceFile>();

    public DbSet<CodeChunk> CodeChunks => Set<CodeChunk>();

    public DbSet<EmbeddedBlob> EmbeddedBlobs => Set<EmbeddedBlob>();

    public DbSet<WorkspaceRevision> WorkspaceRevisions => Set<WorkspaceRevision>();

    public DbSet<RevisionFile> RevisionFiles => Set<RevisionFile>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<ImportUploadChunk> ImportUploadChunks => Set<ImportUploadChunk>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ConversationMessage> ConversationMessages => Set<ConversationMessage>();

    public DbSet<ProviderKey> ProviderKeys => Set<ProviderKey>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    public DbSet<UserBudget> UserBudgets => Set<UserBudget>();

    public DbSet<UsageRollup> UsageRollups => Set<UsageRollup>();

    public DbSet<UsageRollupCursor> UsageRollupCursors => Set<UsageRollupCursor>();

    public DbSet<DatabaseBackup> DatabaseBackups => Set<DatabaseBackup>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // Identity's own tables first, then ours (which also seed Identity's roles).
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BujjiDbContext).Assembly);
    }
}

/// <summary>The model on PostgreSQL; migrations in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresBujjiDbContext(DbContextOptions<PostgresBujjiDbContext> options) : BujjiDbContext(options);

/// <summary>The model on SQLite (embedded mode); migrations in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteBujjiDbContext(DbContextOptions<SqliteBujjiDbContext> options) : BujjiDbContext(options);
