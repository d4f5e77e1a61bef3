// The virtual network the Container Apps environment runs in, and the subnet a private PostgreSQL server is injected
// into. Created in every environment (it costs nothing) so dev, staging and production differ in parameters only.
param name string
param location string
param tags object

var appsSubnetPrefix = '10.40.0.0/23'

resource vnet 'Microsoft.Network/virtualNetworks@2024-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        '10.40.0.0/16'
      ]
    }
    subnets: [
      {
        // A workload-profiles environment needs its subnet delegated to it.
        name: 'apps'
        properties: {
          addressPrefix: appsSubnetPrefix
          delegations: [
            {
              name: 'containerapps'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'database'
        properties: {
          addressPrefix: '10.40.2.0/24'
          delegations: [
            {
              name: 'postgres'
              properties: {
                serviceName: 'Microsoft.DBforPostgreSQL/flexibleServers'
              }
            }
          ]
        }
      }
    ]
  }
}

// A private server is found by name through this zone; linked to the network the apps resolve in.
resource databaseZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: '${name}.private.postgres.database.azure.com'
  location: 'global'
  tags: tags
}

resource databaseZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: databaseZone
  name: name
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

output appsSubnetId string = vnet.properties.subnets[0].id
output appsSubnetPrefix string = appsSubnetPrefix
output databaseSubnetId string = vnet.properties.subnets[1].id
// The server's module waits for this whole deployment, the zone's link to the network included.
output databasePrivateDnsZoneId string = databaseZone.id
