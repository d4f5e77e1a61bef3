// Where the Worker keeps its own verified backups (Worker:Backup:Blob, docs/CONFIGURATION.md "Backups"), on top of
// PostgreSQL's point-in-time restore: a dump it has restored once is the copy that survives a deleted server or a
// logical mistake older than the retention. The Worker reaches it with its managed identity only (no account key).
param name string
param location string
param tags object

@description('Standard_LRS, Standard_ZRS or Standard_GRS (production: a copy in the paired region).')
param skuName string

@description('The Worker\'s user-assigned identity (by name: role assignment names must be known before deployment).')
param writerIdentityName string

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: 14
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobs
  name: 'bujji-backups'
  properties: {
    publicAccess: 'None'
  }
}

// Built-in role "Storage Blob Data Contributor", on the backups container alone.
var blobContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')

resource writerIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: writerIdentityName
}

resource writer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: container
  name: guid(container.id, writerIdentity.id, blobContributor)
  properties: {
    roleDefinitionId: blobContributor
    principalId: writerIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output serviceUri string = account.properties.primaryEndpoints.blob
output containerName string = container.name
