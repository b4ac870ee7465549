/* Fail Forward: charts that pan sideways on a small screen.
 *
 * The course's charts are SVG drawings 640 units wide with 12-unit labels. On a phone they would shrink to half
 * that and their labels to 6 px, so assets/course.css keeps them wide enough for 11 px labels. This puts each chart
 * in a box of its own that pans sideways (so the text beside it stays put), and gives a box that does pan a keyboard
 * stop and a name. Charts are redrawn by the kernel (the HTML widget's content is replaced), so this runs again as
 * they appear. Loaded by the course's Voila template.
 */
(function () {
  "use strict";
  if (window.ffChartPan) { return; }
  window.ffChartPan = true;
  function panCharts() {
    document.querySelectorAll("svg.ff-chart").forEach(function (chart) {
      var box = chart.parentElement;
      if (!box.classList.contains("ff-chart-pan")) {
        box = document.createElement("div");
        box.className = "ff-chart-pan";
        chart.replaceWith(box);
        box.appendChild(chart);
      }
      var pans = box.scrollWidth > box.clientWidth + 1;
      if (pans && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", "Chart wider than the screen: scroll sideways to see all of it");
      } else if (!pans && box.hasAttribute("tabindex")) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  panCharts();
  new MutationObserver(panCharts).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", panCharts);
})();
