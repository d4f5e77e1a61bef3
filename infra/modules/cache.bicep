// Azure Cache for Redis: TLS only (port 6380, TLS 1.2 at least; the plain port stays closed). Its connection string,
// with the access key, goes straight into the vault as ConnectionStrings--cache and is in no output.
param name string
param location string
param tags object
param sku string
param capacity int
param keyVaultName string

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: sku
      family: sku == 'Premium' ? 'P' : 'C'
      capacity: capacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    redisVersion: '6'
    redisConfiguration: {
      // Rate-limit counters and caches only: evicting the oldest keys beats refusing writes when memory is full.
      'maxmemory-policy': 'allkeys-lru'
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'ConnectionStrings--cache'
  properties: {
    value: '${redis.properties.hostName}:${redis.properties.sslPort},password=${redis.listKeys().primaryKey},ssl=True,abortConnect=False'
    contentType: 'text/plain'
  }
}
