/**
 * Light and dark themes: the system's choice (prefers-color-scheme) unless the user picked one.
 * The choice is a `data-theme` attribute on <html> (the stylesheets do the rest) and is kept in
 * localStorage.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'gatehouse.theme';

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    /* a preference only */
  }
}

/** The theme in effect (what the system says when the user did not choose). */
export function effectiveTheme(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
