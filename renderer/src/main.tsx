import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AudienceApp } from './features/review/AudienceApp.js';
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
        {/* The group review's audience window: the current item only, nothing else. */}
        {new URLSearchParams(window.location.search).has('audience') ? (
          <AudienceApp />
        ) : (
          <NavProvider>
            <App />
          </NavProvider>
        )}
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
