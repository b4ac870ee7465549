/* Fail Forward: tell the learner when a lesson page has lost its kernel, so nothing they type is silently lost.
 *
 * A lesson's answers are saved by its kernel. If that kernel goes away (culled after an idle hour, killed, restarted,
 * or the course server stopped), the page still looks alive and would accept typing that can never be saved. This
 * script watches the page's kernel websockets (a restart, or no connection back within a few seconds) and asks the
 * server whether the kernel still exists (a culled kernel's websocket stays open): every 30 seconds while the page is
 * in view, when the learner comes back to the window or tab, and when they step into a field or type. When the
 * kernel is gone it shows a banner, stops the lesson's inputs from taking new text, and offers a reload.
 *
 * A file too big for the websocket (over 63 MiB; voila.json allows 64) would be dropped on its way to the kernel
 * without a word, so such a file is stopped here, before it is sent, with a message beside its upload button.
 *
 * It also gives Voila the `_xsrf` cookie its own "shut the kernel down when the tab closes" request needs
 * (voila-dashboards/voila#1458): without it the request is refused and the kernel lingers until culled.
 */
(function () {
  "use strict";

  const RECONNECT_GRACE_MS = 4000;
  const POLL_MS = 30000;
  const FOCUS_CHECK_MS = 5000; // fields and typing check at most this often, and at the latest this long after

  if (!/(^|;\s*)_xsrf=/.test(document.cookie)) {
    // Double-submit token: a page on another site can neither read nor set this cookie. Its path is this
    // server's base URL (this script is served from <base>voila/files/assets/), so behind JupyterHub it stays
    // within the learner's own server and never shadows the hub's cookie.
    const script = document.currentScript && document.currentScript.src;
    const base = script ? new URL(script).pathname.split("voila/files/")[0] : "/";
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    const token = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    document.cookie = "_xsrf=" + token + "; path=" + base + "; SameSite=Strict";
  }

  const state = { open: 0, everOpen: false, lost: false, leaving: false, timer: null };
  window.ffConnection = state; // read by the browser tests

  /** A new element; text is set as text, never parsed as HTML (a file name is the learner's). */
  function element(tag, className, text, attributes) {
    const made = document.createElement(tag);
    if (className) {
      made.className = className;
    }
    if (text) {
      made.textContent = text;
    }
    Object.entries(attributes || {}).forEach(([name, value]) => made.setAttribute(name, value));
    return made;
  }

  window.addEventListener("pagehide", () => { state.leaving = true; });
  window.addEventListener("beforeunload", () => { state.leaving = true; });

  function showLost(reason) {
    if (state.lost || state.leaving) {
      return;
    }
    state.lost = true;
    state.reason = reason;
    const banner = element("div", "ff-connection-lost", "", { role: "alert" });
    const title = element("strong", "", "This page has lost its connection to the course.");
    const text = element("span", "", " Changes made now can't be saved. Everything that showed “✓ Saved” is " +
      "kept. Reload the page to carry on where you left off.");
    const reload = element("button", "ff-connection-reload", "Reload the page", { type: "button" });
    reload.addEventListener("click", () => window.location.reload());
    banner.append(title, text, reload);
    document.body.prepend(banner);
    // Nothing typed from now on could be saved: stop inputs taking it, rather than let it vanish later.
    document.querySelectorAll("input, textarea, select, button").forEach((control) => {
      if (!banner.contains(control)) {
        control.disabled = true;
      }
    });
    reload.focus();
  }

  function checkSoon() {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(() => {
      if (state.open === 0) {
        showLost("disconnected");
      }
    }, RECONNECT_GRACE_MS);
  }

  const STATUS = /"msg_type"\s*:\s*"status"[\s\S]*?"execution_state"\s*:\s*"(restarting|autorestarting|dead)"/;
  const decoder = new TextDecoder();

  function kernelGone(data) {
    // Status messages are small; the server sends "restarting" when a kernel died and was replaced (its widgets are
    // gone with it), and "dead" when it could not be brought back.
    if (typeof data === "string") {
      return data.length < 4096 && STATUS.test(data);
    }
    if (data instanceof ArrayBuffer) {
      return data.byteLength < 4096 && STATUS.test(decoder.decode(data));
    }
    return false;
  }

  function watch(socket) {
    let wasOpen = false;
    socket.addEventListener("open", () => {
      wasOpen = true;
      state.open += 1;
      state.everOpen = true;
    });
    socket.addEventListener("close", () => {
      if (wasOpen) {
        state.open -= 1;
      }
      checkSoon();
    });
    socket.addEventListener("message", (event) => {
      if (kernelGone(event.data)) {
        showLost("restarted");
      }
    });
  }

  function kernelUrl() {
    const config = document.getElementById("jupyter-config-data");
    if (!config) {
      return null;
    }
    try {
      const options = JSON.parse(config.textContent);
      return options.kernelId ? options.baseUrl + "api/kernels/" + options.kernelId : null;
    } catch (error) {
      return null;
    }
  }

  let lastCheck = 0;
  async function checkKernel() {
    const url = kernelUrl();
    if (!url || state.lost || state.leaving || !state.everOpen) {
      return;
    }
    lastCheck = Date.now();
    let response;
    try {
      response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
    } catch (error) {
      checkSoon(); // the server may be gone: the websocket watch decides
      return;
    }
    if (response.status === 404) {
      showLost("culled");
    }
  }

  window.setInterval(() => {
    if (document.visibilityState === "visible") {
      checkKernel();
    }
  }, POLL_MS);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      checkKernel();
    }
  });
  // Coming back to a field, or typing in the one that kept focus while the learner was away.
  let trailing = null;
  const checkFromField = (event) => {
    const field = event.target;
    if (!(field && field.matches && field.matches("input, textarea, select"))) {
      return;
    }
    const wait = FOCUS_CHECK_MS - (Date.now() - lastCheck);
    if (wait <= 0) {
      checkKernel();
    } else if (trailing === null) { // checked a moment ago: check again once the interval is up
      trailing = window.setTimeout(() => {
        trailing = null;
        checkKernel();
      }, wait);
    }
  };
  document.addEventListener("focusin", checkFromField, true);
  document.addEventListener("input", checkFromField, true);
  window.addEventListener("focus", () => checkKernel());
  state.check = checkKernel;

  const MAX_SEND_BYTES = 63 * 1024 * 1024;

  // ipywidgets' upload button keeps its <input type=file> out of the page and listens to it directly, so a
  // listener is put on every input as it is created, ahead of ipywidgets' own; it knows the button last clicked.
  let lastUpload = null;
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest(".widget-upload") : null;
    if (button) {
      lastUpload = button;
    }
  }, true);

  function tooBigNote(file) {
    // The course's feedback banner (widgets/ui.py Feedback), built here because the kernel never sees the file.
    const note = element("div", "ff-upload-too-big ff-feedback-live", "", { role: "status" });
    const banner = element("div", "ff-feedback ff-feedback-warning");
    banner.append(
      element("span", "ff-feedback-icon", "⚠", { "aria-hidden": "true" }),
      element("strong", "ff-feedback-word", "Heads up:"),
      element("span", "ff-feedback-text", " “" + file.name + "” is " + Math.round(file.size / 1024 / 1024) +
        " MB, too large to send to the course. Choose a smaller file (for an inbox, export a shorter period). " +
        "Nothing has changed."));
    note.append(banner);
    return note;
  }

  function guardUpload(input) {
    input.addEventListener("change", (event) => {
      if (input.type !== "file" || !input.files) {
        return;
      }
      const button = lastUpload;
      const old = button && button.nextElementSibling;
      if (old && old.classList.contains("ff-upload-too-big")) {
        old.remove();
      }
      const big = Array.from(input.files).find((file) => file.size > MAX_SEND_BYTES);
      if (!big) {
        return;
      }
      event.stopImmediatePropagation(); // ipywidgets' listener never runs, so nothing is sent
      input.value = "";
      if (button) {
        button.insertAdjacentElement("afterend", tooBigNote(big));
      }
    });
  }

  const nativeCreateElement = Document.prototype.createElement;
  Document.prototype.createElement = function (name, options) {
    const element = nativeCreateElement.call(this, name, options);
    if (String(name).toLowerCase() === "input") {
      guardUpload(element);
    }
    return element;
  };

  const NativeWebSocket = window.WebSocket;
  class WatchedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
        watch(this);
      }
    }
  }
  window.WebSocket = WatchedWebSocket;
})();
