// Logs and telemetry: the Container Apps environment writes console logs to Log Analytics, and the services export
// traces, metrics and logs to Application Insights (APPLICATIONINSIGHTS_CONNECTION_STRING → UseAzureMonitor in
// BujjiCoder.ServiceDefaults), which keeps them in the same workspace. Alerts notify the action group.
param token string
param workspaceName string
param insightsName string
param location string
param tags object
param retentionInDays int
param alertEmail string

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${token}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'bujji'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operators'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

output applicationInsightsId string = insights.id
output actionGroupId string = actionGroup.id
