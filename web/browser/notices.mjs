// What the browser tests of notifications share: recording the page's notifications and chimes,
// the tab put in the background, and the unread count in the title.

/**
 * Records every Notification the page creates (still a real one) in window.__notices, and
 * counts the sounds played (each a `parley:sound` event, src/shared/sounds.ts) in
 * window.__chimes, with what each was in window.__sounds ({name, volume}).
 */
export function recordNotifications() {
  window.__chimes = 0;
  window.__sounds = [];
  window.addEventListener('parley:sound', (e) => {
    window.__chimes++;
    window.__sounds.push(e.detail);
  });
  const Real = window.Notification;
  window.__notices = [];
  class Recorded extends Real {
    constructor(title, options = {}) {
      super(title, options);
      window.__notices.push({ title, body: options.body, tag: options.tag });
      window.__lastNotice = this;
    }
  }
  window.Notification = Recorded;
}

/** The page's document as the browser has it when its tab is in the background (or back). */
export async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

export const notices = (page) => page.evaluate(() => window.__notices);
export const chimes = (page) => page.evaluate(() => window.__chimes);
/** The sounds played, in order: {name, volume}. */
export const sounds = (page) => page.evaluate(() => window.__sounds);
/** The unread count in the tab's title. */
export const unread = async (page) => Number(/^\((\d+)\)/.exec(await page.title())?.[1] ?? 0);
