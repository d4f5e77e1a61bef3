// The Container Apps environment and the three apps. The web app is the only way in (external HTTPS ingress, nginx
// serving the SPA and proxying /api and /health to the api); the api's ingress is internal to the environment; the
// worker has none. The api and web run in multiple-revision mode with all traffic on the latest revision: a new
// revision only gets traffic once its probes pass, and deploy/lib/azure.sh rolls back by moving the traffic to the
// previous healthy revision. HTTP ingress is HTTPS only (allowInsecure false); Container Apps accepts TLS 1.2 and up.
param token string
param location string
param tags object
param environmentType string
param appsSubnetId string
param appsSubnetPrefix string
param logAnalyticsWorkspaceName string
param applicationInsightsName string
param registryServer string
param keyVaultUri string

@description('Per app (api, worker, web): the user-assigned identity\'s resource id and client id.')
param identities object

param apiExists bool
param workerExists bool
param webExists bool
param apiMinReplicas int
param apiMaxReplicas int
param apiConcurrentRequests int
param webMinReplicas int
param webMaxReplicas int
param workerReplicas int
param apiResources object
param workerResources object
param webResources object
param apiSettings object
param workerSettings object

var apiName = 'ca-api-${token}'
var workerName = 'ca-worker-${token}'
var webName = 'ca-web-${token}'
var port = 8080

// dev is a shared cloud environment, not a developer's machine: it runs with Staging's rules (real secrets required,
// PostgreSQL and Redis required), never Development's samples.
var aspnetEnvironment = environmentType == 'production' ? 'Production' : 'Staging'

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' existing = {
  name: logAnalyticsWorkspaceName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource environment 'Microsoft.App/managedEnvironments@2025-01-01' = {
  name: 'cae-${token}'
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    vnetConfiguration: {
      infrastructureSubnetId: appsSubnetId
      internal: false
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: environmentType == 'production'
    // Traffic between the apps (web → api) is encrypted inside the environment too.
    peerTrafficConfiguration: {
      encryption: {
        enabled: true
      }
    }
  }
}

module apiImage 'current-image.bicep' = {
  params: {
    name: apiName
    exists: apiExists
  }
}

module workerImage 'current-image.bicep' = {
  params: {
    name: workerName
    exists: workerExists
  }
}

module webImage 'current-image.bicep' = {
  params: {
    name: webName
    exists: webExists
  }
}

// What the api and the worker both need to start: where their secrets are and which identity reads them, and where
// telemetry goes (docs/CONFIGURATION.md).
func serviceEnvironment(serviceName string, clientId string, vaultUri string, aspnet string, insightsConnection string) array => [
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: aspnet
  }
  {
    name: 'ASPNETCORE_HTTP_PORTS'
    value: '8080'
  }
  {
    name: 'KeyVault__Uri'
    value: vaultUri
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insightsConnection
  }
  {
    // cloud_RoleName in Application Insights; the alerts group by it like Prometheus' job.
    name: 'OTEL_SERVICE_NAME'
    value: serviceName
  }
  {
    name: 'Infrastructure__Mode'
    value: 'cloud'
  }
]

func settingsEnvironment(settings object) array => map(items(settings), setting => {
  name: setting.key
  value: string(setting.value)
})

func probes(readyPath string) array => [
  {
    // Migrations run before the api listens; give a cold start up to 2.5 minutes.
    type: 'Startup'
    httpGet: {
      path: '/health/live'
      port: 8080
    }
    periodSeconds: 5
    failureThreshold: 30
  }
  {
    type: 'Liveness'
    httpGet: {
      path: '/health/live'
      port: 8080
    }
    periodSeconds: 10
    failureThreshold: 3
  }
  {
    type: 'Readiness'
    httpGet: {
      path: readyPath
      port: 8080
    }
    periodSeconds: 10
    timeoutSeconds: 5
    failureThreshold: 3
  }
]

resource api 'Microsoft.App/containerApps@2025-01-01' = {
  name: apiName
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities.api.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Multiple'
      ingress: {
        external: false
        targetPort: port
        transport: 'auto'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identities.api.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'api'
          image: apiImage.outputs.image
          resources: apiResources
          env: concat(
            serviceEnvironment('bujji-api', identities.api.clientId, keyVaultUri, aspnetEnvironment, insights.properties.ConnectionString),
            [
              {
                // Requests reach the api through the environment's proxies and the web app, all in this subnet.
                name: 'Http__TrustedProxies__0'
                value: appsSubnetPrefix
              }
              {
                // ingress → web → ingress: three trusted hops between the browser and the api, so its per-IP quotas
                // count browsers rather than web replicas.
                name: 'Http__ForwardLimit'
                value: '3'
              }
            ],
            settingsEnvironment(apiSettings)
          )
          probes: probes('/health/ready')
        }
      ]
      scale: {
        minReplicas: apiMinReplicas
        maxReplicas: apiMaxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: string(apiConcurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
}

resource worker 'Microsoft.App/containerApps@2025-01-01' = {
  name: workerName
  location: location
  tags: union(tags, {
    'azd-service-name': 'worker'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities.worker.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      // No ingress, so no traffic to move: a new revision replaces the old one once its probes pass.
      activeRevisionsMode: 'Single'
      registries: [
        {
          server: registryServer
          identity: identities.worker.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'worker'
          image: workerImage.outputs.image
          resources: workerResources
          env: concat(
            serviceEnvironment('bujji-worker', identities.worker.clientId, keyVaultUri, aspnetEnvironment, insights.properties.ConnectionString),
            settingsEnvironment(workerSettings)
          )
          probes: probes('/health/ready')
        }
      ]
      // A fixed count, not a scale rule: its work comes from the database (import jobs, the semantic index backlog), which
      // no built-in rule reads. Jobs and blobs are claimed, so replicas split the work rather than repeat it.
      scale: {
        minReplicas: workerReplicas
        maxReplicas: workerReplicas
      }
    }
  }
}

var apiInternalHost = '${apiName}.internal.${environment.properties.defaultDomain}'

resource web 'Microsoft.App/containerApps@2025-01-01' = {
  name: webName
  location: location
  tags: union(tags, {
    'azd-service-name': 'web'
  })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identities.web.id}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Multiple'
      ingress: {
        external: true
        targetPort: port
        transport: 'auto'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      }
      registries: [
        {
          server: registryServer
          identity: identities.web.id
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'web'
          image: webImage.outputs.image
          resources: webResources
          // deploy/nginx/web.conf's placeholders: the api over HTTPS by its internal name (the environment's proxy
          // routes by Host and redirects plain HTTP, the api's ingress being HTTPS only).
          env: [
            {
              name: 'BUJJI_WEB_LISTEN'
              value: string(port)
            }
            {
              name: 'BUJJI_API_UPSTREAM'
              value: '${apiInternalHost}:443'
            }
            {
              name: 'BUJJI_API_SCHEME'
              value: 'https'
            }
            {
              name: 'BUJJI_API_HOST'
              value: apiInternalHost
            }
            {
              name: 'BUJJI_WEB_ERROR_TRACKING_ORIGIN'
              value: ''
            }
            {
              // The environment's ingress, in the apps' subnet, names the browser in X-Forwarded-For.
              name: 'BUJJI_WEB_TRUSTED_PROXIES'
              value: appsSubnetPrefix
            }
          ]
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: webMinReplicas
        maxReplicas: webMaxReplicas
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: '100'
              }
            }
          }
        ]
      }
    }
  }
}

output environmentName string = environment.name
output apiName string = api.name
output workerName string = worker.name
output webName string = web.name
output webUrl string = 'https://${web.properties.configuration.ingress.fqdn}'
