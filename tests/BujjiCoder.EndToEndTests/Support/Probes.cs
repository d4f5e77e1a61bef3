namespace BujjiCoder.EndToEndTests.Support;

/// <summary>
/// Watches installed in every page before its own scripts run (Playwright's init script, which the site's CSP does
/// not apply to): CSP violations, long tasks, progress bars shown, and when the sign-in form became usable. Read back as <c>window.__bujji</c>.
/// </summary>
internal static class Probes
{
    public const string Script = """
        (() => {
          if (window.__bujji) return;
          const probes = window.__bujji = { cspViolations: [], longTasks: [], loginUsableAt: null, progressSeen: [] };
          document.addEventListener('securitypolicyviolation', e =>
            probes.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`));
          try {
            new PerformanceObserver(list => {
              for (const entry of list.getEntries()) probes.longTasks.push({ start: entry.startTime, duration: entry.duration });
            }).observe({ type: 'longtask', buffered: true });
          } catch { /* no long-task timing in this browser */ }
          // Every progress bar that ever showed (by its accessible name): quick steps, such as an upload on loopback,
          // can come and go between two of the test's looks.
          new MutationObserver(() => {
            for (const bar of document.querySelectorAll('[role="progressbar"][aria-label]')) {
              const name = bar.getAttribute('aria-label');
              if (!probes.progressSeen.includes(name)) probes.progressSeen.push(name);
            }
          }).observe(document, { childList: true, subtree: true });
          // Navigation start is performance.now() = 0. Usable: the first frame in which the sign-in field takes input
          // and the Sign in button is there (it stays disabled until both fields are filled, by design).
          if (location.pathname === '/login') {
            const check = () => {
              const field = document.querySelector('input[autocomplete="username"]');
              const button = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Sign in');
              if (field && !field.disabled && button) { probes.loginUsableAt = performance.now(); return; }
              requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          }
        })();
        """;
}
