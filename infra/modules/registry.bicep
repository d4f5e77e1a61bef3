// The registry azd pushes the three images to. No admin user: the apps pull with their managed identities (AcrPull,
// granted in identities.bicep).
param name string
param location string
param tags object
param sku string

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    anonymousPullEnabled: false
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
