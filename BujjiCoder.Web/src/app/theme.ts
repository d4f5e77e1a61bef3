import { Alert, createTheme, Drawer, Modal, Notification, type CSSVariablesResolver } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 6 (Mantine's default) puts white text on indigo at 4.3:1 and on red at 3.3:1, under WCAG AA's 4.5:1;
  // shade 8 passes in both schemes, for filled buttons, links and badges alike.
  primaryShade: { light: 8, dark: 8 },
  // People who asked their system for less motion get no transitions (modals, notifications, menus).
  respectReducedMotion: true,
  defaultRadius: 'md',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  components: {
    // Mantine's close buttons are icons without a name; screen readers would announce "button".
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // A light alert's title in its own colour on its own tint is under 4.5:1 for yellow, orange and green.
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: 'Close' }, styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
})

/** Mantine's "dimmed" text (gray-6 on white 3.3:1, dark-2 on dark-7 4.0:1) is too faint to read for some; one shade more passes AA. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
})
