// The page's theme between visits. The theme switch of the app
// (www/src/hooks.rs) only sets `data-theme` on the root element; this
// remembers each change, and shows the remembered theme before anything is
// drawn, so that the page does not flash the other one. Storage is read
// here, while the wasm is still loading, rather than by the app: the first
// read of localStorage opens the site's storage (up to 7 ms measured in
// Chromium), which would otherwise add to the app's first task.
(function () {
  "use strict";
  var KEY = "composenet-theme";
  var root = document.documentElement;
  try {
    var theme = localStorage.getItem(KEY);
    if (theme === "dark" || theme === "light") {
      root.setAttribute("data-theme", theme);
    }
    new MutationObserver(function () {
      localStorage.setItem(KEY, root.getAttribute("data-theme"));
    }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  } catch (e) {
    // Storage may be off (private windows, sandboxed frames): the page
    // follows the system's preference, and the switch lasts until a reload.
  }
})();
