/** The renderer's entry: the theme first (no flash), then the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import { applyTheme, storedTheme } from './app/theme.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';

applyTheme(storedTheme());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
