/* Fail Forward: tell a lesson's kernel when its first screen is on view.
 *
 * A lesson builds the exercises below its first screen just after the page is sent (widgets/look/later.py). Built
 * while Voila was still drawing the first widgets, their messages competed with it, and the first screen came
 * 0.1-0.3 s later. So the kernel waits for this script: once Voila shows the lesson's cells and the browser is done
 * with its first screen, it presses the lesson's hidden "page shown" button (.ff-page-shown), and the kernel starts
 * building.
 * Without it the kernel starts a little later anyway.
 */
(function () {
  "use strict";

  const IDLE_LATEST_MS = 1000;
  const NO_IDLE_MS = 150; // a browser without requestIdleCallback (older Safari): this long after the first frame

  function pressWhenShown() {
    const cells = document.getElementById("rendered_cells");
    const button = document.querySelector("button.ff-page-shown");
    if (!cells || !button || cells.style.display === "none") {
      return false;
    }
    // Once the browser has nothing left to do for the first screen (drawn, and every widget on it ready to use),
    // so the exercises' messages don't hold it up; at the latest after IDLE_LATEST_MS.
    const press = () => button.click();
    if (window.requestIdleCallback) {
      window.requestIdleCallback(press, { timeout: IDLE_LATEST_MS });
    } else {
      window.requestAnimationFrame(() => window.setTimeout(press, NO_IDLE_MS));
    }
    return true;
  }

  if (pressWhenShown()) {
    return;
  }
  const observer = new MutationObserver(() => {
    if (pressWhenShown()) {
      observer.disconnect();
    }
  });
  observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true,
                                               attributeFilter: ["style"] });
})();
