// <composenet-scene>: a composenet scene in any page with one script tag.
//
//   <script src="https://example.org/composenet/composenet-scene.js" defer></script>
//   <composenet-scene scenario="seed-compose-wordpress" step="end" lang="ko"></composenet-scene>
//
// The element's attributes are the page's URL parameters (scenario, text,
// step, autoplay, view, lang, engine); width and height size the frame
// (640 by 400 unless given). The scene runs in an iframe of the composenet
// page served beside this script, so the host page's styles and scripts
// cannot reach it.
(() => {
  const base = new URL(".", document.currentScript ? document.currentScript.src : location.href);
  const params = ["scenario", "text", "step", "autoplay", "view", "lang", "engine"];
  class ComposenetScene extends HTMLElement {
    static get observedAttributes() {
      return params.concat(["width", "height"]);
    }
    connectedCallback() {
      this.render();
    }
    attributeChangedCallback() {
      if (this.isConnected) this.render();
    }
    render() {
      const url = new URL("index.html", base);
      for (const name of params) {
        const value = this.getAttribute(name);
        if (value !== null) url.searchParams.set(name, value);
      }
      url.searchParams.set("embed", "1");
      let frame = this.querySelector("iframe");
      if (!frame) {
        frame = document.createElement("iframe");
        frame.loading = "lazy";
        frame.style.border = "0";
        this.replaceChildren(frame);
      }
      frame.title = this.getAttribute("title") || "composenet";
      frame.width = this.getAttribute("width") || "640";
      frame.height = this.getAttribute("height") || "400";
      if (frame.src !== url.href) frame.src = url.href;
    }
  }
  if (!customElements.get("composenet-scene")) {
    customElements.define("composenet-scene", ComposenetScene);
  }
})();
