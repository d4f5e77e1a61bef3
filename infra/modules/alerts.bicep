// Azure Monitor's copy of Bujji Coder's one list of alerts, deploy/monitoring/prometheus/alerts.rules.yml: every rule
// there becomes a log alert of the same name, severity, `for` and description here, read from the file itself (no
// retyping, so a changed threshold text or severity follows). What cannot be carried over is the PromQL: the services
// send their metrics to Application Insights (UseAzureMonitor), where they are queried in KQL, so each alert's query is
// written below under its name. A rule without a query here fails the deployment (and the Azure tests before that).
// The table names are Application Insights' (requests, customMetrics); metric names are the instruments' own
// (bujji.llm.calls, not bujji_llm_calls_total) and their tags are in customDimensions; counters arrive as sums per
// export interval (valueSum); requests may be sampled, so they are counted by itemCount.
param location string
param tags object
param applicationInsightsId string
param actionGroupId string
param environmentName string

var rules = loadYamlContent('../../deploy/monitoring/prometheus/alerts.rules.yml').groups[0].rules

@description('Per alert: the KQL that returns a row while the condition holds, and how far back it looks (the PromQL range).')
var queries = {
  BujjiHttp5xxRate: {
    window: 'PT5M'
    query: '''
requests
| summarize total = sum(itemCount), failed = sumif(itemCount, toint(resultCode) >= 500) by cloud_RoleName
| where total > 30 and todouble(failed) / total > 0.05
'''
  }
  BujjiHttpLatencyP95: {
    window: 'PT5M'
    query: '''
requests
| where name !endswith "/messages"
| summarize p95 = percentile(duration, 95) by cloud_RoleName
| where p95 > 2000
'''
  }
  BujjiNotReady: {
    // A replica reporting 0, or a whole service that reported in the last half hour and has gone quiet (Prometheus' up == 0).
    window: 'PT30M'
    query: '''
customMetrics
| where name == "bujji.health.ready"
| summarize arg_max(timestamp, value) by cloud_RoleName, cloud_RoleInstance
| summarize notReady = countif(value == 0 and timestamp > ago(5m)), lastSeen = max(timestamp) by cloud_RoleName
| where notReady > 0 or lastSeen < ago(5m)
'''
  }
  BujjiBackupStale: {
    // 30 h as in the rule: Worker:Backup:Interval (1 day) + 6 h.
    window: 'PT1H'
    query: '''
customMetrics
| where name == "bujji.worker.backup.last_verified_time"
| summarize lastVerified = max(value)
| extend workerReporting = toscalar(customMetrics | where cloud_RoleName == "bujji-worker" | count) > 0
| where (isnotnull(lastVerified) and now() - unixtime_seconds_todatetime(tolong(lastVerified)) > 30h) or (isnull(lastVerified) and workerReporting)
'''
  }
  BujjiBackupUnverified: {
    window: 'P1D'
    query: '''
customMetrics
| where name in ("bujji.worker.backup.last_success_time", "bujji.worker.backup.last_verified_time", "bujji.worker.backup.verifications")
| summarize lastSuccess = maxif(value, name == "bujji.worker.backup.last_success_time" and timestamp > ago(1h)), lastVerified = maxif(value, name == "bujji.worker.backup.last_verified_time" and timestamp > ago(1h)), failedVerifications = sumif(valueSum, name == "bujji.worker.backup.verifications" and tostring(customDimensions.outcome) == "failed")
| where lastSuccess > lastVerified or failedVerifications > 0
'''
  }
  BujjiLlmProviderErrors: {
    window: 'PT5M'
    query: '''
customMetrics
| where name in ("bujji.llm.upstream.errors", "bujji.llm.calls")
| extend provider = tostring(customDimensions.provider)
| summarize errors = sumif(valueSum, name == "bujji.llm.upstream.errors"), calls = sumif(valueSum, name == "bujji.llm.calls") by provider
| where calls > 0 and errors / calls > 0.2
'''
  }
  BujjiLlmBreakerOpen: {
    window: 'PT5M'
    query: '''
customMetrics
| where name == "bujji.llm.breaker.state"
| summarize state = max(value) by provider = tostring(customDimensions.provider)
| where state == 2
'''
  }
  BujjiLlmProviderSaturated: {
    window: 'PT5M'
    query: '''
customMetrics
| where name == "bujji.llm.concurrency.refused"
| summarize refused = sum(valueSum) by provider = tostring(customDimensions.provider)
| where refused > 0
'''
  }
  BujjiSemanticIndexStalled: {
    window: 'PT15M'
    query: '''
customMetrics
| where name in ("bujji.semantic.blobs.pending", "bujji.semantic.blobs.indexed")
| summarize pending = maxif(value, name == "bujji.semantic.blobs.pending"), indexed = sumif(valueSum, name == "bujji.semantic.blobs.indexed")
| where pending > 0 and indexed == 0
'''
  }
  BujjiRateLimitFallback: {
    window: 'PT5M'
    query: '''
customMetrics
| where name == "bujji.rate_limit.degraded"
| summarize degraded = max(value) by cloud_RoleName, cloud_RoleInstance
| where degraded == 1
'''
  }
  BujjiLockoutSpike: {
    window: 'PT15M'
    query: '''
customMetrics
| where name in ("bujji.auth.lockouts", "bujji.auth.sign_ins")
| summarize lockouts = sumif(valueSum, name == "bujji.auth.lockouts"), failedSignIns = sumif(valueSum, name == "bujji.auth.sign_ins" and tostring(customDimensions.outcome) == "failed")
| where lockouts > 5 or failedSignIns > 100
'''
  }
  BujjiBudgetRefusalsSpike: {
    window: 'PT15M'
    query: '''
customMetrics
| where name == "bujji.budget.refusals"
| summarize refusals = sum(valueSum)
| where refusals > 20
'''
  }
  BujjiDbPoolNearLimit: {
    window: 'PT5M'
    query: '''
customMetrics
| where name in ("db.client.connection.count", "db.client.connection.max")
| extend pool = tostring(customDimensions["db.client.connection.pool.name"]), state = tostring(customDimensions["db.client.connection.state"])
| summarize used = maxif(value, name == "db.client.connection.count" and state == "used"), maximum = maxif(value, name == "db.client.connection.max") by cloud_RoleName, cloud_RoleInstance, pool
| where maximum > 0 and used / maximum > 0.9
'''
  }
  BujjiWorkerJobFailing: {
    window: 'PT1H'
    query: '''
customMetrics
| where name == "bujji.worker.job.runs" and tostring(customDimensions.outcome) in ("failed", "abandoned")
| summarize failures = sum(valueSum) by job = tostring(customDimensions.job)
| where failures > 0
'''
  }
}

// Prometheus `for` ("2m", "30m", "2h") in minutes.
func minutes(duration string) int =>
  endsWith(duration, 'h') ? int(take(duration, length(duration) - 1)) * 60 : int(take(duration, length(duration) - 1))

// The query runs every 5 minutes; `for` becomes that many consecutive failing runs. Azure allows at most 6, so a
// `for` beyond 30 minutes (BujjiBackupUnverified's 2 h) waits 30 minutes here.
var frequencyMinutes = 5

resource alert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: rule.alert
  location: location
  tags: tags
  properties: {
    displayName: rule.alert
    description: '${rule.annotations.description} Runbook: ${rule.annotations.runbook_url} (${environmentName})'
    severity: rule.labels.severity == 'critical' ? 0 : 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT${frequencyMinutes}M'
    windowSize: queries[rule.alert].window
    criteria: {
      allOf: [
        {
          query: queries[rule.alert].query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: min(6, max(1, (minutes(rule.?for ?? '0m') + frequencyMinutes - 1) / frequencyMinutes))
            minFailingPeriodsToAlert: min(6, max(1, (minutes(rule.?for ?? '0m') + frequencyMinutes - 1) / frequencyMinutes))
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}]
