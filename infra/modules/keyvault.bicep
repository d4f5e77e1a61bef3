// The vault the services read their secrets from at start (KeyVault:Uri, docs/CONFIGURATION.md "Secrets and Key
// Vault"): secret names are the setting's key with `--` for `:`. Access by Azure RBAC only (no access policies), and
// a deleted vault or secret stays recoverable: purge protection keeps even an administrator from destroying the JWT
// key or the backup key by accident.
param name string
param location string
param tags object

@description('Identities that read every secret (Key Vault Secrets User): the api and the worker.')
param readerPrincipalIds array

@description('The person running azd, who may set secrets by hand (Key Vault Secrets Officer); empty = nobody.')
param operatorPrincipalId string

@secure()
param jwtSigningKey string

@description('Providers whose key is written (the loop runs over names, never over the secret object).')
param llmProviderNames array

@secure()
param llmProviderApiKeys object

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // The apps reach the vault over Azure's network with their identities; no key or password opens it.
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

// Built-in roles "Key Vault Secrets User" (get, list) and "Key Vault Secrets Officer" (set, delete).
var secretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
var secretsOfficer = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7')

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in readerPrincipalIds: {
  scope: vault
  name: guid(vault.id, principalId, secretsUser)
  properties: {
    roleDefinitionId: secretsUser
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}]

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  scope: vault
  name: guid(vault.id, operatorPrincipalId, secretsOfficer)
  properties: {
    roleDefinitionId: secretsOfficer
    // No principalType: the operator may be a person or, in a pipeline, a service principal.
    principalId: operatorPrincipalId
  }
}

// Written only when given, so a deployment without the value (the pipeline's) leaves the current key in place.
resource jwt 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(jwtSigningKey)) {
  parent: vault
  name: 'Auth--Jwt--SigningKey'
  properties: {
    value: jwtSigningKey
    contentType: 'text/plain'
  }
}

resource providerKeys 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = [for provider in llmProviderNames: if (!empty(llmProviderApiKeys[?provider] ?? '')) {
  parent: vault
  name: 'Llm--Providers--${provider}--ApiKey'
  properties: {
    value: llmProviderApiKeys[provider]
    contentType: 'text/plain'
  }
}]

output name string = vault.name
output uri string = vault.properties.vaultUri
