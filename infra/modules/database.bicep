// PostgreSQL Flexible Server with the `bujjidb` database. TLS is required (1.2 at least) whatever the network; in
// production the server has no public endpoint at all (injected into the network's database subnet) and a standby in
// another zone. Its connection string goes straight into the vault as ConnectionStrings--bujjidb: it never leaves this
// module, so it is in no output.
param name string
param location string
param tags object
param skuName string
param skuTier string
param storageSizeGB int
param backupRetentionDays int
param geoRedundantBackup bool
param highAvailability bool
param privateAccess bool
param delegatedSubnetId string
param privateDnsZoneId string
param keyVaultName string

@secure()
param administratorPassword string

var administratorLogin = 'bujji'
var databaseName = 'bujjidb'

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    // The Worker's pg_dump must be of this major version or newer (deploy/images/worker.Dockerfile).
    version: '17'
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: geoRedundantBackup ? 'Enabled' : 'Disabled'
    }
    highAvailability: {
      mode: highAvailability ? 'ZoneRedundant' : 'Disabled'
    }
    network: privateAccess
      ? {
          publicNetworkAccess: 'Disabled'
          delegatedSubnetResourceId: delegatedSubnetId
          privateDnsZoneArmResourceId: privateDnsZoneId
        }
      : {
          publicNetworkAccess: 'Enabled'
        }
  }
}

// Refuse unencrypted connections and anything older than TLS 1.2.
resource requireTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'require_secure_transport'
  properties: {
    value: 'on'
    source: 'user-override'
  }
}

resource minimumTls 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'ssl_min_protocol_version'
  properties: {
    value: 'TLSv1.2'
    source: 'user-override'
  }
  // The service applies one configuration change at a time.
  dependsOn: [
    requireTls
  ]
}

// The Initial migration creates pg_trgm (the search's trigram index), and the Api creates vector (pgvector) at start when
// Retrieval:VectorStore is Pgvector (main.bicep's default here); a managed server runs CREATE EXTENSION only for extensions
// on this allow-list, so without it the Api's first migration (or start) fails.
resource allowedExtensions 'Microsoft.DBforPostgreSQL/flexibleServers/configurations@2024-08-01' = {
  parent: server
  name: 'azure.extensions'
  properties: {
    value: 'PG_TRGM,VECTOR'
    source: 'user-override'
  }
  dependsOn: [
    minimumTls
  ]
}

// With public access (dev, staging) only Azure's own addresses get through the firewall: the apps' outbound traffic
// comes from them. TLS and the password still apply; production has no public endpoint.
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!privateAccess) {
  parent: server
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
  dependsOn: [
    minimumTls
  ]
}

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

// VerifyFull: the server's certificate is checked against the image's CA bundle and the host name.
resource connectionString 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: 'ConnectionStrings--bujjidb'
  properties: {
    value: 'Host=${server.properties.fullyQualifiedDomainName};Port=5432;Database=${database.name};Username=${administratorLogin};Password=${administratorPassword};SSL Mode=VerifyFull'
    contentType: 'text/plain'
  }
}

output name string = server.name
