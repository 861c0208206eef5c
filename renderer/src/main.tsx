import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/index.js';
import { queryClient } from './lib/cache.js';
import { App } from './shell/App.js';
import { NavProvider } from './shell/nav.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <NavProvider>
          <App />
        </NavProvider>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
