// One user-assigned identity per container app, so each gets only the roles it needs (the web front door pulls its
// image and reads no secret) and a role survives a revision or an app being recreated.
param token string
param location string
param tags object

@description('The registry every app pulls its image from.')
param registryName string

var names = [
  'api'
  'worker'
  'web'
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = [for app in names: {
  name: 'id-${app}-${token}'
  location: location
  tags: tags
}]

resource registry 'Microsoft.ContainerRegistry/registries@2025-04-01' existing = {
  name: registryName
}

// Built-in role "AcrPull".
var acrPull = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (app, i) in names: {
  scope: registry
  name: guid(registry.id, identity[i].id, acrPull)
  properties: {
    roleDefinitionId: acrPull
    principalId: identity[i].properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

output apiPrincipalId string = identity[0].properties.principalId
output workerPrincipalId string = identity[1].properties.principalId
output apps object = {
  api: {
    id: identity[0].id
    clientId: identity[0].properties.clientId
  }
  worker: {
    id: identity[1].id
    clientId: identity[1].properties.clientId
  }
  web: {
    id: identity[2].id
    clientId: identity[2].properties.clientId
  }
}
