/* Fail Forward: give ipywidgets' sliders names a screen reader announces.
 *
 * ipywidgets draws a slider's handle as a bare `div role=slider` (and an editable readout beside it) that nothing
 * labels: a screen reader says "slider, 24" and never what it sets. This names both after the slider's own
 * description label, as widgets appear on the page. Loaded by the course's Voila template.
 */
(function () {
  "use strict";
  if (window.ffSliderNames) { return; }
  window.ffSliderNames = true;
  var next = 0;
  function nameSliders() {
    document.querySelectorAll(".widget-slider").forEach(function (box) {
      var label = box.querySelector(":scope > .widget-label");
      if (!label || !label.textContent.trim()) { return; }
      if (!label.id) { label.id = "ff-slider-label-" + (next += 1); }
      box.querySelectorAll("[role=slider], .widget-readout").forEach(function (part) {
        if (part.getAttribute("aria-labelledby") === label.id) { return; }
        if (part.classList.contains("widget-readout")) { part.setAttribute("role", "textbox"); }
        part.setAttribute("aria-labelledby", label.id);
      });
    });
  }
  nameSliders();
  new MutationObserver(nameSliders).observe(document.body, { childList: true, subtree: true });
})();
