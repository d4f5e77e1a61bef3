// The image a container app runs now, so a re-provision keeps what `azd deploy` last put there (its own module: a
// template cannot declare an existing resource under the same name as one it deploys).
param name string
param exists bool

@description('Until azd deploys the real image, a public placeholder lets the app be created at all.')
param placeholder string = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

resource current 'Microsoft.App/containerApps@2025-01-01' existing = if (exists) {
  name: name
}

output image string = exists ? current!.properties.template.containers[0].image : placeholder
