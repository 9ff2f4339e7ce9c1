// The page's release build aborts on a panic without a message (the code
// that formats one costs 12 KB gzip; scripts/build-web.sh), so a bug in
// the simulator reaches the page as a WebAssembly trap thrown out of an
// event handler or a timer. The instance cannot carry on after it: its
// cells may be borrowed and its state half-changed. This does what the
// panic hook does in the other builds (www/src/lib.rs): it keeps a note for
// the restarted page and reloads. The URL already holds the person's text
// and place, and the restarted page shows the note and waits for an edit
// before running the model again, so the same input cannot loop.
(function () {
  "use strict";
  var KEY = "composenet-panic";
  var done = false;
  function trapped(error) {
    if (done || typeof WebAssembly === "undefined" || !(error instanceof WebAssembly.RuntimeError)) {
      return;
    }
    done = true;
    try {
      sessionStorage.setItem(KEY, "WebAssembly: " + error.message);
    } catch (e) {
      // Storage may be off (private windows, sandboxed frames): restart
      // without the note rather than stay broken.
    }
    location.reload();
  }
  window.addEventListener("error", function (event) { trapped(event.error); });
  window.addEventListener("unhandledrejection", function (event) { trapped(event.reason); });
})();
