/**
 * Entry of the query builder webview (bundled to dist/webview/queryBuilder.js, iife, browser).
 * Registers the @vscode-elements components it uses and starts the app once the DOM is ready.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import './styles.css';
import { vscodeApi } from '../shared/vscodeApi';
import { QueryBuilderApp, type SavedState } from './app';

function boot(): void {
  const root = document.getElementById('app');
  if (!root) return;
  new QueryBuilderApp(root, vscodeApi<SavedState>()).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
