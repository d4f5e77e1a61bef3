namespace BujjiCoder.EndToEndTests.Support;

/// <summary>
/// Watches installed in every page before its own scripts run (Playwright's init script, which the site's CSP does
/// not apply to): CSP violations, long tasks, progress bars shown, anything scriptable put into the page, and when the sign-in form became usable. Read back as <c>window.__bujji</c>.
/// </summary>
internal static class Probes
{
    public const string Script = """
        (() => {
          if (window.__bujji) return;
          const probes = window.__bujji = { cspViolations: [], longTasks: [], loginUsableAt: null, progressSeen: [], scriptableSeen: [] };
          document.addEventListener('securitypolicyviolation', e =>
            probes.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) on ${(e.target && e.target.outerHTML || String(e.target)).slice(0, 120)}`));
          try {
            new PerformanceObserver(list => {
              for (const entry of list.getEntries()) probes.longTasks.push({ start: entry.startTime, duration: entry.duration });
            }).observe({ type: 'longtask', buffered: true });
          } catch { /* no long-task timing in this browser */ }
          // Every progress bar that ever showed (by its accessible name): quick steps, such as an upload on loopback,
          // can come and go between two of the test's looks. And anything able to run script that was ever put into
          // the page after it loaded (an on* attribute, a javascript: URL, an inline script), however briefly.
          const scriptable = element =>
            [...element.attributes].some(a => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value))
            || (element.tagName === 'SCRIPT' && !element.src);
          const inspect = node => {
            if (node.nodeType !== 1) return;
            for (const element of [node, ...node.querySelectorAll('*')]) {
              if (scriptable(element)) probes.scriptableSeen.push(element.outerHTML.slice(0, 200));
            }
          };
          const loaded = () => document.readyState !== 'loading';
          new MutationObserver(mutations => {
            for (const bar of document.querySelectorAll('[role="progressbar"][aria-label]')) {
              const name = bar.getAttribute('aria-label');
              if (!probes.progressSeen.includes(name)) probes.progressSeen.push(name);
            }
            if (!loaded()) return;
            for (const mutation of mutations) {
              if (mutation.type === 'attributes') inspect(mutation.target);
              else mutation.addedNodes.forEach(inspect);
            }
          }).observe(document, { childList: true, subtree: true, attributes: true });
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
