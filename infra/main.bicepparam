// The parameters azd provisions infra/main.bicep with. azd loads the environment's values (.azure/<env>/.env, or the
// workflow's variables) into the process, and this file reads them. What differs between dev, staging and production
// is the table below, chosen by BUJJI_ENVIRONMENT_TYPE (default: the azd environment's own name). Sizing and cost per
// environment: docs/DEPLOYMENT.md, "Sizing and cost".
using 'main.bicep'

var environmentTypeValue = readEnvironmentVariable('BUJJI_ENVIRONMENT_TYPE', readEnvironmentVariable('AZURE_ENV_NAME', ''))

var profiles = {
  dev: {
    apiMaxReplicas: 2
    webMinReplicas: 1
    webMaxReplicas: 1
    registrySku: 'Basic'
    postgresSkuName: 'Standard_B1ms'
    postgresSkuTier: 'Burstable'
    postgresStorageSizeGB: 32
    postgresBackupRetentionDays: 7
    postgresGeoRedundantBackup: false
    postgresHighAvailability: false
    postgresPrivateAccess: false
    redisSku: 'Basic'
    redisCapacity: 0
    backupStorageSku: 'Standard_LRS'
    logRetentionDays: 30
  }
  staging: {
    apiMaxReplicas: 3
    webMinReplicas: 1
    webMaxReplicas: 2
    registrySku: 'Basic'
    postgresSkuName: 'Standard_B2s'
    postgresSkuTier: 'Burstable'
    postgresStorageSizeGB: 32
    postgresBackupRetentionDays: 7
    postgresGeoRedundantBackup: false
    postgresHighAvailability: false
    postgresPrivateAccess: true
    redisSku: 'Standard'
    redisCapacity: 0
    backupStorageSku: 'Standard_LRS'
    logRetentionDays: 30
  }
  production: {
    apiMaxReplicas: 6
    webMinReplicas: 2
    webMaxReplicas: 4
    registrySku: 'Standard'
    postgresSkuName: 'Standard_D2ds_v5'
    postgresSkuTier: 'GeneralPurpose'
    postgresStorageSizeGB: 64
    postgresBackupRetentionDays: 35
    postgresGeoRedundantBackup: true
    postgresHighAvailability: true
    postgresPrivateAccess: true
    redisSku: 'Standard'
    redisCapacity: 1
    backupStorageSku: 'Standard_GRS'
    logRetentionDays: 90
  }
}

var profile = profiles[environmentTypeValue]

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param environmentType = environmentTypeValue
param location = readEnvironmentVariable('AZURE_LOCATION')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')

param apiExists = bool(readEnvironmentVariable('SERVICE_API_RESOURCE_EXISTS', 'false'))
param workerExists = bool(readEnvironmentVariable('SERVICE_WORKER_RESOURCE_EXISTS', 'false'))
param webExists = bool(readEnvironmentVariable('SERVICE_WEB_RESOURCE_EXISTS', 'false'))

param apiMinReplicas = 2
param apiMaxReplicas = profile.apiMaxReplicas
param webMinReplicas = profile.webMinReplicas
param webMaxReplicas = profile.webMaxReplicas
// More Worker replicas for a backlog of embedding (a large import): azd env set BUJJI_WORKER_REPLICAS 3.
// Empty (a workflow's unset variable) means the default, as for the overrides below.
var workerReplicasOverride = readEnvironmentVariable('BUJJI_WORKER_REPLICAS', '')
param workerReplicas = empty(workerReplicasOverride) ? 1 : int(workerReplicasOverride)
param registrySku = profile.registrySku
param postgresSkuName = profile.postgresSkuName
param postgresSkuTier = profile.postgresSkuTier
param postgresStorageSizeGB = profile.postgresStorageSizeGB
// Overridable per environment without editing this file: azd env set BUJJI_POSTGRES_BACKUP_RETENTION_DAYS 14.
var retentionOverride = readEnvironmentVariable('BUJJI_POSTGRES_BACKUP_RETENTION_DAYS', '')
var geoBackupOverride = readEnvironmentVariable('BUJJI_POSTGRES_GEO_REDUNDANT_BACKUP', '')
param postgresBackupRetentionDays = empty(retentionOverride) ? profile.postgresBackupRetentionDays : int(retentionOverride)
param postgresGeoRedundantBackup = empty(geoBackupOverride) ? profile.postgresGeoRedundantBackup : bool(geoBackupOverride)
param postgresHighAvailability = profile.postgresHighAvailability
param postgresPrivateAccess = profile.postgresPrivateAccess
param redisSku = profile.redisSku
param redisCapacity = profile.redisCapacity
param backupStorageSku = profile.backupStorageSku
param logRetentionDays = profile.logRetentionDays
param alertEmail = readEnvironmentVariable('BUJJI_ALERT_EMAIL', '')
// Non-secret settings as JSON objects of environment variables, e.g.
// BUJJI_API_SETTINGS='{"Llm__Providers__openai__Kind":"OpenAI","Llm__Models__0__Id":"gpt-4o","Llm__Models__0__Provider":"openai"}'.
param apiSettings = json(readEnvironmentVariable('BUJJI_API_SETTINGS', '{}'))
param workerSettings = json(readEnvironmentVariable('BUJJI_WORKER_SETTINGS', '{}'))

// Secrets: from the azd environment (set once, `azd env set …`; in CI from the GitHub environment's secrets), never
// from this file. The JWT key is written to the vault only when given.
param postgresAdminPassword = readEnvironmentVariable('BUJJI_POSTGRES_ADMIN_PASSWORD')
param jwtSigningKey = readEnvironmentVariable('BUJJI_JWT_SIGNING_KEY', '')
// BUJJI_LLM_PROVIDERS=openai,anthropic and BUJJI_LLM_PROVIDER_API_KEYS='{"openai":"sk-…"}'.
var providers = readEnvironmentVariable('BUJJI_LLM_PROVIDERS', '')
param llmProviderNames = empty(providers) ? [] : split(providers, ',')
param llmProviderApiKeys = json(readEnvironmentVariable('BUJJI_LLM_PROVIDER_API_KEYS', '{}'))
