// Bujji Coder on Azure, as `azd up` provisions it: one resource group per azd environment holding the Container Apps
// environment (api, worker, web), the registry, PostgreSQL, Redis, Key Vault, monitoring and the alerts of
// deploy/monitoring/prometheus/alerts.rules.yml. Subscription scope so the resource group is part of the template,
// as azd expects. Values per environment come from main.bicepparam.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('The azd environment name: names the resource group and seeds every resource name.')
param environmentName string

@allowed([
  'dev'
  'staging'
  'production'
])
@description('Which profile of main.bicepparam this environment runs (sizes, high availability, private database).')
param environmentType string

@minLength(1)
@description('Azure region of every resource.')
param location string

@description('Object id of the person running azd (AZURE_PRINCIPAL_ID): may then set secrets in the vault by hand. Empty in CI.')
param principalId string = ''

@description('Whether each container app exists already (azd sets SERVICE_<NAME>_RESOURCE_EXISTS): a re-provision then keeps the image azd deployed instead of the placeholder.')
param apiExists bool = false
param workerExists bool = false
param webExists bool = false

@minValue(2)
@description('The api never runs on fewer replicas: one can restart or roll while the other answers.')
param apiMinReplicas int = 2

@minValue(2)
param apiMaxReplicas int = 4

@description('Concurrent requests per api replica above which Container Apps adds one.')
param apiConcurrentRequests int = 50

@minValue(1)
param webMinReplicas int = 1

@minValue(1)
param webMaxReplicas int = 3

@description('Worker replicas. They share import jobs (leases) and the semantic index backlog (each blob is locked before it is embedded), so more replicas embed a large import sooner; scheduled jobs run once whatever the count. At most 4: a pass looks among the newest 4 batches of pending blobs, so a fifth replica would mostly find them all taken.')
@minValue(1)
@maxValue(4)
param workerReplicas int = 1

@description('vCPU and memory of each container (a valid Consumption pair, e.g. 0.5 / 1Gi, 1 / 2Gi).')
param apiCpu string = '0.5'
param apiMemory string = '1Gi'
param workerCpu string = '0.5'
param workerMemory string = '1Gi'
param webCpu string = '0.25'
param webMemory string = '0.5Gi'

@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param registrySku string = 'Basic'

param postgresSkuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param postgresSkuTier string = 'Burstable'

param postgresStorageSizeGB int = 32

@minValue(7)
@maxValue(35)
@description('Days of point-in-time restore the server keeps.')
param postgresBackupRetentionDays int = 7

@description('Copy backups to the paired region, so a regional outage can be restored from (set at creation only).')
param postgresGeoRedundantBackup bool = false

@description('Zone-redundant standby (General Purpose or Memory Optimized tier only).')
param postgresHighAvailability bool = false

@description('Reach the server only from the virtual network (no public endpoint). Fixed when the server is created.')
param postgresPrivateAccess bool = false

@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param redisSku string = 'Basic'

@minValue(0)
@maxValue(6)
param redisCapacity int = 0

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
@description('Redundancy of the storage account holding the Worker\'s own backups.')
param backupStorageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps logs and telemetry.')
param logRetentionDays int = 30

@description('Where alerts are mailed; empty = the action group has no receiver yet (add one in the portal or here).')
param alertEmail string = ''

@secure()
@description('Password of the PostgreSQL administrator the services connect as (at least 12 characters; keep it stable).')
param postgresAdminPassword string

@secure()
@description('Auth:Jwt:SigningKey (32 bytes or more). Empty = leave the vault\'s secret as it is (first deployment: set it here or by hand).')
param jwtSigningKey string = ''

@description('Names of the LLM providers whose API key this deployment writes to the vault (Llm--Providers--<name>--ApiKey).')
param llmProviderNames array = []

@secure()
@description('The keys of llmProviderNames by name ({ "openai": "sk-…" }); a name without a key leaves the vault\'s secret as it is.')
param llmProviderApiKeys object = {}

@description('Extra non-secret settings of the api, as container environment variables ({ "Llm__Providers__openai__Kind": "OpenAI" }).')
param apiSettings object = {}

@description('Extra non-secret settings of the worker, as container environment variables.')
param workerSettings object = {}

var tags = {
  'azd-env-name': environmentName
  'bujji-environment-type': environmentType
}

// One short suffix per subscription, environment and region keeps globally unique names (vault, registry, servers) stable.
var token = toLower(uniqueString(subscription().id, environmentName, location))

// Names known before anything is deployed, so modules that look a resource up by name need not wait for an output.
var vaultName = 'kv-${token}'
var workspaceName = 'log-${token}'
var insightsName = 'appi-${token}'
var registryName = 'cr${token}'

resource group 'Microsoft.Resources/resourceGroups@2024-07-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module network 'modules/network.bicep' = {
  scope: group
  params: {
    name: 'vnet-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  params: {
    token: token
    workspaceName: workspaceName
    insightsName: insightsName
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    alertEmail: alertEmail
  }
}

module alerts 'modules/alerts.bicep' = {
  scope: group
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    actionGroupId: monitoring.outputs.actionGroupId
    environmentName: environmentName
  }
}

module identities 'modules/identities.bicep' = {
  scope: group
  params: {
    token: token
    location: location
    tags: tags
    registryName: registryName
  }
  dependsOn: [
    registry
  ]
}

module registry 'modules/registry.bicep' = {
  scope: group
  params: {
    name: registryName
    location: location
    tags: tags
    sku: registrySku
  }
}

module vault 'modules/keyvault.bicep' = {
  scope: group
  params: {
    name: vaultName
    location: location
    tags: tags
    readerPrincipalIds: [
      identities.outputs.apiPrincipalId
      identities.outputs.workerPrincipalId
    ]
    operatorPrincipalId: principalId
    jwtSigningKey: jwtSigningKey
    llmProviderNames: llmProviderNames
    llmProviderApiKeys: llmProviderApiKeys
  }
}

module database 'modules/database.bicep' = {
  scope: group
  params: {
    name: 'psql-${token}'
    location: location
    tags: tags
    skuName: postgresSkuName
    skuTier: postgresSkuTier
    storageSizeGB: postgresStorageSizeGB
    backupRetentionDays: postgresBackupRetentionDays
    geoRedundantBackup: postgresGeoRedundantBackup
    highAvailability: postgresHighAvailability
    privateAccess: postgresPrivateAccess
    delegatedSubnetId: network.outputs.databaseSubnetId
    privateDnsZoneId: network.outputs.databasePrivateDnsZoneId
    administratorPassword: postgresAdminPassword
    keyVaultName: vaultName
  }
  dependsOn: [
    vault
  ]
}

module cache 'modules/cache.bicep' = {
  scope: group
  params: {
    name: 'redis-${token}'
    location: location
    tags: tags
    sku: redisSku
    capacity: redisCapacity
    keyVaultName: vaultName
  }
  dependsOn: [
    vault
  ]
}

module backups 'modules/backups.bicep' = {
  scope: group
  params: {
    name: 'stbk${token}'
    location: location
    tags: tags
    skuName: backupStorageSku
    writerIdentityName: 'id-worker-${token}'
  }
  dependsOn: [
    identities
  ]
}

module apps 'modules/apps.bicep' = {
  scope: group
  params: {
    token: token
    location: location
    tags: tags
    environmentType: environmentType
    appsSubnetId: network.outputs.appsSubnetId
    appsSubnetPrefix: network.outputs.appsSubnetPrefix
    logAnalyticsWorkspaceName: workspaceName
    applicationInsightsName: insightsName
    registryServer: registry.outputs.loginServer
    keyVaultUri: vault.outputs.uri
    identities: identities.outputs.apps
    apiExists: apiExists
    workerExists: workerExists
    webExists: webExists
    apiMinReplicas: apiMinReplicas
    apiMaxReplicas: apiMaxReplicas
    apiConcurrentRequests: apiConcurrentRequests
    webMinReplicas: webMinReplicas
    webMaxReplicas: webMaxReplicas
    workerReplicas: workerReplicas
    apiResources: {
      cpu: json(apiCpu)
      memory: apiMemory
    }
    workerResources: {
      cpu: json(workerCpu)
      memory: workerMemory
    }
    webResources: {
      cpu: json(webCpu)
      memory: webMemory
    }
    // Azure's PostgreSQL has pgvector: semantic search keeps the vectors in the database rather than in every replica's
    // memory. apiSettings can say Exact instead.
    apiSettings: union({ Retrieval__VectorStore: 'Pgvector' }, apiSettings)
    workerSettings: union(workerSettings, {
      Worker__Backup__Blob__ServiceUri: backups.outputs.serviceUri
      Worker__Backup__Blob__Container: backups.outputs.containerName
    })
  }
  // The connection strings are vault secrets the services read at start: the apps wait until they are written.
  dependsOn: [
    monitoring
    database
    cache
  ]
}

// azd stores these in the environment (.azure/<env>/.env); deploy/lib/azure.sh and the deploy workflow read them.
// Names and URLs only: every secret stays in Key Vault.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = apps.outputs.environmentName
output AZURE_KEY_VAULT_NAME string = vault.outputs.name
output AZURE_KEY_VAULT_URI string = vault.outputs.uri
output AZURE_POSTGRES_SERVER_NAME string = database.outputs.name
output SERVICE_API_NAME string = apps.outputs.apiName
output SERVICE_WORKER_NAME string = apps.outputs.workerName
output SERVICE_WEB_NAME string = apps.outputs.webName
output WEB_URL string = apps.outputs.webUrl
