// Small page-object helpers for the VS Code 1.100 workbench served by code-server.
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { UI_TIMEOUT } from './timeouts';

export async function waitForWorkbench(page: Page, timeout = 120_000): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout });
}

/** Runs a command through the command palette by its full title ("Category: Title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('F1');
    if (await input.isVisible().catch(() => false)) break;
    await input.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => {});
    if (await input.isVisible()) break;
  }
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await row.click();
}

/** Answers an open quick input (input box) with `value` and Enter. */
export async function answerInput(page: Page, value: string, placeholder?: RegExp): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  const input = widget.locator('input');
  if (placeholder) {
    await page.waitForFunction(
      ([src, flags]) => {
        const re = new RegExp(src, flags);
        const w = document.querySelector('.quick-input-widget');
        const el = w?.querySelector('input');
        const text = `${el?.getAttribute('placeholder') ?? ''} ${el?.getAttribute('aria-label') ?? ''} ${w?.textContent ?? ''}`;
        return re.test(text);
      },
      [placeholder.source, placeholder.flags] as const,
      { timeout: UI_TIMEOUT },
    );
  }
  await input.fill(value);
  await input.press('Enter');
}

/** Picks the quick-pick item containing `label`. */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await row.click();
}

/** The activity-bar entry of a view container. */
export function activityTab(page: Page, title: string | RegExp): Locator {
  return page.locator('.part.activitybar').getByRole('tab', { name: title });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A tree row by its visible label (exactly `label` when a string). Accessible names add the kind
 * and the description ("Schema public"), so the label element is matched instead.
 */
/**
 * Shows a view container in the side bar. Clicking its activity-bar entry toggles the side bar
 * when the container is already shown, so click only when its view is not visible.
 */
export async function showViewContainer(page: Page, title: string | RegExp, view: string | RegExp): Promise<Locator> {
  const pane = viewPane(page, view);
  if (!(await pane.isVisible())) {
    await activityTab(page, title).click();
  }
  await pane.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  return pane;
}

export function treeItem(scope: Page | Locator, label: string | RegExp): Locator {
  const re = typeof label === 'string' ? new RegExp(`^\\s*${escapeRe(label)}\\s*$`) : label;
  const page = 'page' in scope && typeof scope.page === 'function' ? (scope as Locator).page() : (scope as Page);
  return scope.getByRole('treeitem').filter({ has: page.locator('.label-name', { hasText: re }) });
}

/** Expands a tree row through its twistie (clicking the label could run the item's command). */
export async function expandTreeItem(item: Locator): Promise<void> {
  await item.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  if ((await item.getAttribute('aria-expanded')) === 'true') return;
  await item.locator('.monaco-tl-twistie').click();
  await item.page().waitForFunction(
    (el) => el?.getAttribute('aria-expanded') === 'true',
    await item.elementHandle(),
    { timeout: UI_TIMEOUT },
  );
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast', { hasText: text });
}

/**
 * Waits until a notification with `text` has been shown, as a toast or, when the workbench already
 * folded it away (toasts hide after a while and when others pile up), in the notification center.
 * Returns its text.
 */
export async function expectNotification(page: Page, text: string | RegExp, timeout = UI_TIMEOUT): Promise<string> {
  const toast = notification(page, text);
  const listed = page.locator('.notifications-center .notification-list-item', { hasText: text });
  const deadline = Date.now() + timeout;
  // Usually it is a toast: wait for that first (opening the center meanwhile would swallow it).
  if (await toast.first().waitFor({ state: 'visible', timeout: Math.min(timeout, 15_000) }).then(() => true, () => false)) {
    return toast.first().innerText();
  }
  while (Date.now() < deadline) {
    if (await toast.first().isVisible().catch(() => false)) return toast.first().innerText();
    if (await listed.first().isVisible().catch(() => false)) return listed.first().innerText();
    await runCommand(page, 'Notifications: Show Notifications').catch(() => {});
    await listed.first().waitFor({ state: 'visible', timeout: 3_000 }).catch(() => {});
  }
  throw new Error(`no notification matching ${String(text)} within ${timeout} ms`);
}

/** The active webview's inner document (two nested iframes). */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('#active-frame');
}

/** A view pane (section) in the side bar by its title. */
export function viewPane(page: Page, title: string | RegExp): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header', { hasText: title }) });
}
