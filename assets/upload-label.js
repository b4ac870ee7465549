/* Fail Forward: an upload button says what it does, not how many files it holds.
 *
 * ipywidgets writes the count of files it holds after a FileUpload's label ("Upload your CSV or Excel file (0)").
 * The course empties the widget after every file, so the count is always 0: noise on screen and in the button's
 * accessible name. This takes it off, each time ipywidgets redraws the label. Loaded by the course's Voila template.
 */
(function () {
  "use strict";
  if (window.ffUploadLabels) { return; }
  window.ffUploadLabels = true;
  var COUNT = /\s*\(\d+\)\s*$/;
  function tidy() {
    document.querySelectorAll(".widget-upload").forEach(function (button) {
      button.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE && COUNT.test(node.nodeValue)) {
          node.nodeValue = node.nodeValue.replace(COUNT, "");
        }
      });
    });
  }
  tidy();
  new MutationObserver(tidy).observe(document.body, { childList: true, subtree: true, characterData: true });
})();
