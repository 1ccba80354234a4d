import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  return <h1>Countertop</h1>;
}

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('the page has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
