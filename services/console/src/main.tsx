import 'govuk-frontend/dist/govuk/govuk-frontend.min.css';
import '@ministryofjustice/frontend/moj/moj-frontend.min.css';
import './console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
