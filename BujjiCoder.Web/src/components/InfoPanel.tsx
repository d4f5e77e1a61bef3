import type { ApiInfo } from '../api/info.ts'

interface InfoPanelProps {
  info: ApiInfo
}

/** Shows how this Bujji Coder instance is configured. */
export function InfoPanel({ info }: InfoPanelProps) {
  const providers = info.providers ?? []
  const features = Object.entries(info.features ?? {}).sort(([a], [b]) => a.localeCompare(b))

  return (
    <section className="panel" aria-labelledby="info-heading">
      <h2 id="info-heading">Instance</h2>
      <dl className="info-list">
        <dt>Product</dt>
        <dd data-testid="info-name">{info.name}</dd>

        <dt>Version</dt>
        <dd data-testid="info-version">{info.version}</dd>

        <dt>Environment</dt>
        <dd data-testid="info-environment">{info.environment}</dd>

        <dt>Runtime mode</dt>
        <dd data-testid="info-mode">{info.mode}</dd>

        <dt>Database</dt>
        <dd data-testid="info-database">{info.database}</dd>

        <dt>Cache</dt>
        <dd data-testid="info-cache">{info.cache}</dd>

        <dt>Registration</dt>
        <dd data-testid="info-registration">{info.registrationMode}</dd>

        <dt>LLM providers</dt>
        <dd data-testid="info-providers">
          {providers.length > 0 ? providers.join(', ') : <span className="muted">none configured</span>}
        </dd>
      </dl>

      <h3>Features</h3>
      {features.length > 0 ? (
        <ul className="features" data-testid="info-features">
          {features.map(([name, enabled]) => (
            <li key={name} data-testid={`feature-${name}`}>
              <span className="feature-name">{name}</span>:{' '}
              <span className={enabled ? 'flag flag-on' : 'flag flag-off'}>{enabled ? 'on' : 'off'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="info-features">
          no feature flags
        </p>
      )}
    </section>
  )
}
